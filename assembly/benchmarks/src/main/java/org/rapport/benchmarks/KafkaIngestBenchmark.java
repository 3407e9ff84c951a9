package org.rapport.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import com.fasterxml.jackson.databind.JsonNode;

import org.rapport.testing.ServerNode;

/**
 * Purchases consumed from Apache Kafka ({@code rapport-kafka}) against the same purchases sent as
 * NDJSON over REST, in one started distribution (embedded Derby on disk, the shipped rules), one
 * node: issue 32 asks Kafka's ingest for the same per-node rate as bulk ingest. A KRaft broker
 * (one node, broker and controller combined, Kafka's own test kit) runs in this JVM; the purchases
 * topic has {@value #PARTITIONS} partitions and the node {@value #PARTITIONS} consumers (the
 * setting {@code consumers}, 1 as shipped), as bulk ingest is sent {@value #PARTITIONS} requests at
 * a time. {@value #MEMBERS_DEFAULT} members are seeded offline ({@link SeededCustomers}); the
 * purchases of both sides are written alike ({@link BulkIngestBenchmark#write}: event ids, one to
 * three lines each), each Kafka record one NDJSON line as its value, keyed by its contact as the
 * bundle's README asks. Both sides are warmed up with a tenth as many purchases of other event ids,
 * then measured in {@value #ROUNDS} turns each, Kafka's half then bulk's, so that whatever else the
 * machine does weighs on both alike; before each turn the server settles ({@link SeededServer#settle}:
 * the follow-on work of the purchases booked before, the timeline's and retention's pages, done), so
 * that neither side's time carries the other's.
 *
 * <p>Measured: Kafka, from the first record sent (the producer is far faster than the booking)
 * until the consumer group's committed offsets reach the topic's end on every partition (the bundle
 * commits a poll's offsets only once its purchases are booked); bulk ingest, from the first
 * request's start to the last answer read, every line answered {@code booked}. After the stop the
 * database must hold exactly one purchase per event id sent on each side, and the dead-letter topic
 * nothing. {@code -Drapport.bench.purchases} (each side, default {@value #PURCHASES_DEFAULT}) and
 * {@code -Drapport.bench.members} change the sizes; {@code -Drapport.bench.heap} the server's heap.
 */
public final class KafkaIngestBenchmark {

    private static final int PURCHASES_DEFAULT = 30_000;
    private static final int MEMBERS_DEFAULT = 3_000;
    private static final int PARTITIONS = 2;
    /** Each side's purchases in this many turns, Kafka's then bulk's. */
    private static final int ROUNDS = 2;
    private static final String GROUP = "rapport";
    private static final String PURCHASES = "rapport.purchases";
    private static final String DEAD_LETTER = "rapport.dead-letter";
    private static final List<String> TOPICS = List.of(PURCHASES, "rapport.interactions", "rapport.consents",
            DEAD_LETTER, "rapport.events");

    private KafkaIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int purchases = Integer.getInteger("rapport.bench.purchases", PURCHASES_DEFAULT);
        int members = Integer.getInteger("rapport.bench.members", MEMBERS_DEFAULT);
        try (KafkaClusterTestKit broker = broker()) {
            String servers = broker.bootstrapServers();
            Map<String, Object> client = Map.of("bootstrap.servers", servers);
            try (Admin admin = Admin.create(client)) {
                List<NewTopic> topics = new ArrayList<>();
                TOPICS.forEach(t -> topics.add(new NewTopic(t, PARTITIONS, (short) 1)));
                admin.createTopics(topics).all().get();
                run(admin, servers, purchases, members);
            }
        }
    }

    private static KafkaClusterTestKit broker() throws Exception {
        KafkaClusterTestKit broker = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        broker.format();
        broker.startup();
        broker.waitForReadyBrokers();
        return broker;
    }

    private static void run(Admin admin, String servers, int purchases, int members) throws Exception {
        // A request of the bulk side is about 200 bytes a purchase: the limit raised as for bulk loads.
        Map<String, String> etc = Map.of("org.rapport.rest.cfg", "maxRequestBytes = 268435456",
                "org.rapport.kafka.cfg", "bootstrapServers = " + servers + "\ngroupId = " + GROUP + "\nconsumers = "
                        + PARTITIONS);
        try (SeededServer server = SeededServer.unpack("kafka", "2g", etc)) {
            installedAtBoot(server.home(), "rapport-kafka");
            server.start();
            for (String path : List.of("/contacts", "/loyalty/tier-statistics")) {
                Distribution.expect(200, server.node.admin("GET", path, null), "GET " + path);
            }
            server.stop();
            ServerNode node = server.node;
            System.out.printf("Rapport Kafka ingest benchmark: %,d purchases from Kafka (%d partitions, %d consumers) "
                    + "against %,d as NDJSON over REST (%d requests at a time), %,d members, the distribution in %s, "
                    + "%d cores, Java %s%n%n", purchases, PARTITIONS, PARTITIONS, purchases, PARTITIONS, members,
                    server.home(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            SeededServer.timed(String.format(Locale.ROOT, "Seeded %,d members", members),
                    () -> SeededCustomers.seed(server.database(), members, now));
            Path dir = Files.createTempDirectory("rapport-bench-kafka");
            try {
                int warm = Math.max(purchases / 10, 1);
                int half = purchases / ROUNDS;
                List<List<Path>> bulk = new ArrayList<>();
                List<List<String>> kafka = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    int size = round < ROUNDS - 1 ? half : purchases - half * (ROUNDS - 1);
                    bulk.add(BulkIngestBenchmark.write(dir, "bulk" + round, size, PARTITIONS, members, now));
                    kafka.add(lines(BulkIngestBenchmark.write(dir, "kafka" + round, size, 1, members, now)));
                }
                List<Path> bulkWarm = BulkIngestBenchmark.write(dir, "bwarm", warm, PARTITIONS, members, now);
                List<String> kafkaWarm = lines(BulkIngestBenchmark.write(dir, "kwarm", warm, 1, members, now));
                server.start();
                String key = Distribution.apiKey(node, "loyalty:write", "loyalty:read");
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers,
                        "acks", "all", "linger.ms", "5"), new StringSerializer(), new StringSerializer())) {
                    SeededServer.timed("Bulk warm-up", () -> BulkIngestBenchmark.post(node, key, bulkWarm, PARTITIONS));
                    SeededServer.timed("Kafka warm-up", () -> sendAndAwait(admin, producer, kafkaWarm));
                    settled(server);
                    // The two sides in turns, so that what else the machine does weighs on both alike.
                    double kafkaSeconds = 0;
                    double bulkSeconds = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        List<String> records = kafka.get(round);
                        kafkaSeconds += SeededServer.timed(String.format(Locale.ROOT, "Kafka ingest of %,d purchases",
                                records.size()), () -> sendAndAwait(admin, producer, records)).seconds();
                        settled(server);
                        List<Path> files = bulk.get(round);
                        SeededServer.Timed<List<BulkIngestBenchmark.Summary>> overRest = SeededServer.timed(
                                String.format(Locale.ROOT, "Bulk ingest of %,d purchases", records.size()),
                                () -> BulkIngestBenchmark.post(node, key, files, PARTITIONS));
                        bulkSeconds += overRest.seconds();
                        settled(server);
                        long booked = overRest.value().stream().mapToLong(BulkIngestBenchmark.Summary::booked).sum();
                        if (booked != records.size()) {
                            throw new IllegalStateException("sent " + records.size() + " purchases in bulk, the answers "
                                    + "say " + overRest.value());
                        }
                    }
                    long deadLetters = ends(admin, DEAD_LETTER).values().stream().mapToLong(Long::longValue).sum();
                    if (deadLetters != 0) {
                        throw new IllegalStateException(deadLetters + " records went to the dead-letter topic");
                    }
                    server.stop();
                    BulkIngestBenchmark.bookedOnce(server, "kafka", purchases);
                    BulkIngestBenchmark.bookedOnce(server, "bulk", purchases);

                    double kafkaRate = purchases / kafkaSeconds;
                    double bulkRate = purchases / bulkSeconds;
                    System.out.printf(Locale.ROOT, "%nKafka ingest: %,.0f purchases/s (%,d purchases, first record sent "
                            + "to the last offset committed, %d rounds)%n", kafkaRate, purchases, ROUNDS);
                    System.out.printf(Locale.ROOT, "Bulk ingest over REST: %,.0f purchases/s (first byte to last result, "
                            + "%d rounds)%n", bulkRate, ROUNDS);
                    System.out.printf(Locale.ROOT, "Ratio of Kafka to bulk ingest: %.2f; goal: the same rate (1.0) %s "
                            + "(load average %.1f)%n", kafkaRate / bulkRate,
                            kafkaRate >= bulkRate * 0.95 ? "met" : "not met", SeededServer.load());
                }
            } finally {
                try (Stream<Path> all = Files.list(dir)) {
                    for (Path file : all.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    /** Waits for the follow-on work of what was just booked, so that it weighs on neither side's time. */
    private static void settled(SeededServer server) throws InterruptedException {
        System.out.printf(Locale.ROOT, "  the server settled in %.1f s%n", server.settle());
    }

    /** Adds a feature to those the distribution installs when it boots ({@code featuresBoot}). */
    private static void installedAtBoot(Path home, String feature) throws IOException {
        Path cfg = home.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg);
        String added = text.replaceFirst("(?m)^(\\s*rapport/[^,\\s]+),", "$1, " + feature + ",");
        if (added.equals(text)) {
            throw new IllegalStateException("no feature rapport in featuresBoot of " + cfg);
        }
        Files.writeString(cfg, added);
    }

    private static List<String> lines(List<Path> files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            lines.addAll(Files.readAllLines(file));
        }
        return lines;
    }

    /**
     * Sends every NDJSON line as a record keyed by its contact and waits until the consumer group
     * committed offsets at the topic's end on every partition: the records' count.
     */
    private static int sendAndAwait(Admin admin, KafkaProducer<String, String> producer, List<String> values)
            throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(values.size());
        for (String value : values) {
            JsonNode purchase = ServerNode.JSON.readTree(value);
            sent.add(producer.send(new ProducerRecord<>(PURCHASES, purchase.get("contactId").asText(), value)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
        Map<TopicPartition, Long> ends = ends(admin, PURCHASES);
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000;
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            if (ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue())) {
                return values.size();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer group " + GROUP + " committed " + committed
                        + " in 30 minutes; the topic ends at " + ends);
            }
            Thread.sleep(50);
        }
    }

    /** The end offset of each of a topic's partitions. */
    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}

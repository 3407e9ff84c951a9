package org.rapport.itests;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Kafka broker in KRaft mode (one node, broker and controller combined, Kafka's own test kit)
 * with a producer and readers, as a JVM of its own that {@link KafkaSidecar} starts from the test
 * in the container: the container gets no Kafka classes but the ones {@code rapport-kafka} embeds.
 * Its class path is Kafka's jars from the build's local repository (the itests pom writes it).
 *
 * <p>One request a line on standard input, one answer a line on standard output, each answer
 * starting with {@value #ANSWER} (anything else there is not an answer):
 * <ul>
 * <li>at start, {@code ready <bootstrap servers>} once the broker serves and the topics named as
 * arguments exist (two partitions each);</li>
 * <li>{@code send <topic> <key> <value to the end of the line>}: {@code sent <partition>@<offset>}
 * once the broker acknowledged it;</li>
 * <li>{@code read <topic> <key> <count> [<text>]}: the topic read from its start by a group of its own
 * until {@code count} records with that key (and this text in their value) were seen (30 s at most),
 * then half a second more;
 * {@code records <JSON array>} of every record with that key, each {@code key}, {@code value},
 * {@code partition}, {@code offset} and {@code headers}.</li>
 * </ul>
 * A request that fails is answered {@code error <reason>}. The end of standard input (the test,
 * or its JVM, gone) stops the broker and this JVM.
 */
public final class KafkaBrokerProcess {

    static final String ANSWER = "kafka-itest ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_FOR = Duration.ofSeconds(30);

    private KafkaBrokerProcess() {
    }

    public static void main(String[] topics) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        // Whatever Kafka prints goes where its log goes, never among the answers.
        System.setOut(System.err);
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            String servers = cluster.bootstrapServers();
            Map<String, Object> client = Map.of("bootstrap.servers", servers);
            try (Admin admin = Admin.create(client)) {
                List<NewTopic> created = new ArrayList<>();
                for (String topic : topics) {
                    created.add(new NewTopic(topic, 2, (short) 1));
                }
                admin.createTopics(created).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers,
                    "acks", "all"), new StringSerializer(), new StringSerializer())) {
                out.println(ANSWER + "ready " + servers);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String request = in.readLine(); request != null; request = in.readLine()) {
                    try {
                        out.println(ANSWER + answer(request, servers, producer));
                    } catch (Exception e) {
                        out.println(ANSWER + "error " + String.valueOf(e).replace('\n', ' '));
                    }
                }
            }
        } finally {
            cluster.close();
        }
        System.exit(0);
    }

    private static String answer(String request, String servers, KafkaProducer<String, String> producer)
            throws Exception {
        String[] words = request.split(" ", parts(request));
        if (words[0].equals("send") && words.length == 4) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(words[1], words[2], words[3])).get();
            return "sent " + sent.partition() + "@" + sent.offset();
        }
        if (words[0].equals("read") && words.length >= 4) {
            return "records " + JSON.writeValueAsString(read(servers, words[1], words[2], Integer.parseInt(words[3]),
                    words.length == 5 ? words[4] : ""));
        }
        throw new IllegalArgumentException("not a request: " + request);
    }

    /** A send's value and a read's text are the rest of the line, spaces and all. */
    private static int parts(String request) {
        return request.startsWith("read ") ? 5 : 4;
    }

    private static List<Map<String, Object>> read(String servers, String topic, String key, int count, String text) {
        List<Map<String, Object>> got = new ArrayList<>();
        int matching = 0;
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of("bootstrap.servers", servers,
                "group.id", "itest-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            reader.subscribe(List.of(topic));
            long until = System.nanoTime() + READ_FOR.toNanos();
            long more = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(until, more)) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(100))) {
                    if (key.equals(r.key())) {
                        got.add(record(r));
                        matching += r.value() != null && r.value().contains(text) ? 1 : 0;
                    }
                }
                if (matching >= count && more == Long.MAX_VALUE) {
                    // Then half a second more, for a record that should not be there.
                    more = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
        }
        return got;
    }

    private static Map<String, Object> record(ConsumerRecord<String, String> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("key", r.key());
        record.put("value", r.value());
        record.put("partition", r.partition());
        record.put("offset", r.offset());
        record.put("headers", headers);
        return record;
    }
}

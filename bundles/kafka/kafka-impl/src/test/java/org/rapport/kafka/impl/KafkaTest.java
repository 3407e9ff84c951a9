package org.rapport.kafka.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.persistence.EntityManagerFactory;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.events.impl.EventsService;
import org.rapport.events.impl.TestEvents;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.loyalty.impl.LoyaltyServiceImpl;
import org.rapport.persistence.Transactions;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.Await;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Kafka in and out against a real broker (KRaft, Kafka's own jars, one for the class) and the
 * capabilities as they are in the product on Derby: contacts, loyalty with the shipped rules,
 * privacy, and the events bundle's outbox. Each test has topics and a consumer group of its own.
 */
@Category(UsesDatabase.class)
public class KafkaTest {

    @ClassRule
    public static final Broker BROKER = new Broker();
    private static final Path RULES = Paths.get("../../../rules");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<AutoCloseable> open = new ArrayList<>();
    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private ConsentServiceImpl consents;
    private LoyaltyServiceImpl loyalty;
    private Ingest ingest;
    private Settings settings;
    private Producer<String, String> sender;

    @Before
    public void setUp() throws Exception {
        EntityManagerFactory contactsUnit = db.emf("rapport-contacts");
        contacts = new ContactServiceImpl(contactsUnit, new ContactPropertiesImpl(contactsUnit, clock), clock);
        interactions = new InteractionServiceImpl(contactsUnit, clock);
        consents = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "profiling"),
                Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS));
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        engine.deploy("loyalty", shipped("loyalty"), "rules/loyalty", "tester");
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, new JpaDecisionLedger(db.emf("rapport-rules")),
                contacts, clock, "EUR", 24);
        ingest = new Ingest(contacts, interactions, loyalty, consents);
        String t = "t" + TOPICS.incrementAndGet() + ".";
        settings = new Settings(BROKER.bootstrapServers(), t + "group", t + "purchases", t + "interactions",
                t + "consents", t + "dead-letter", t + "events", "/rapport", 1, 500, Map.of());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BROKER.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(settings.purchasesTopic(), 2, (short) 1),
                    new NewTopic(settings.interactionsTopic(), 1, (short) 1),
                    new NewTopic(settings.consentsTopic(), 1, (short) 1),
                    new NewTopic(settings.deadLetterTopic(), 1, (short) 1),
                    new NewTopic(settings.eventsTopic(), 3, (short) 1))).all().get();
        }
        sender = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.bootstrapServers()), new StringSerializer(),
                new StringSerializer());
        open.add(sender);
    }

    @After
    public void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static Map<String, String> shipped(String rulePackage) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(RULES.resolve(rulePackage))) {
            for (Path file : entries.filter(f -> !f.toString().endsWith(".md")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private Inbound inbound(Inbound.Booker booker) {
        Producer<byte[], byte[]> deadLetters = settings.newProducer("dead-letters", new ByteArraySerializer());
        open.add(deadLetters);
        return new Inbound(settings.newConsumer("node"), deadLetters, settings.inbound(), settings.deadLetterTopic(),
                booker).subscribe();
    }

    private void send(String topic, long contactId, String json) throws Exception {
        sender.send(new ProducerRecord<>(topic, Long.toString(contactId), json)).get();
    }

    private static String purchase(long contactId, String eventId, String amount) {
        return "{\"contactId\": " + contactId + ", \"eventId\": \"" + eventId + "\", \"amount\": " + amount
                + ", \"currency\": \"EUR\", \"channel\": \"store\"}";
    }

    /** Polls until {@code records} were gone through, then once more to see that nothing is left. */
    private static int drain(Inbound node, int records) {
        int seen = 0;
        long until = System.nanoTime() + WAIT.toNanos();
        while (seen < records && System.nanoTime() < until) {
            seen += node.pass(Duration.ofMillis(200));
        }
        return seen;
    }

    private List<ConsumerRecord<String, String>> read(String topic, int count) {
        try (Consumer<String, String> reader = new KafkaConsumer<>(Map.of("bootstrap.servers", BROKER.bootstrapServers(),
                "group.id", topic + ".reader-" + TOPICS.incrementAndGet(), "auto.offset.reset", "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            reader.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            Await.until(count + " records on " + topic, WAIT, () -> {
                reader.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= count;
            });
            assertEquals("nothing more than expected on " + topic, 0, reader.poll(Duration.ofMillis(300)).count());
            return got;
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertNotNull(name, h);
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    public void goodRecordsAreBookedOnceDuplicatesAreReplaysAndBadOnesGoToTheDeadLetterTopicWithTheReason()
            throws Exception {
        long ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        send(settings.purchasesTopic(), ada, purchase(ada, "ORDER-1", "1200.00"));
        send(settings.purchasesTopic(), ada, purchase(ada, "ORDER-1", "1200.00"));
        send(settings.purchasesTopic(), ada, "{\"contactId\": " + ada + ", \"eventId\": \"ORDER-2\", \"amount\": 10,"
                + " \"currency\": \"EUR\", \"lines\": [{\"sku\": \"ESP-1\", \"quantity\": 1.5, \"unitPrice\": 10}]}");
        send(settings.purchasesTopic(), 404, purchase(404, "ORDER-3", "10.00"));
        send(settings.purchasesTopic(), ada, "{\"contactId\": " + ada + ", \"eventId\": ");
        String interaction = "{\"contactId\": " + ada + ", \"eventId\": \"VISIT-1\", \"channel\": \"web\", "
                + "\"direction\": \"inbound\", \"type\": \"visit\", \"occurredAt\": \"2026-12-01T09:00:00Z\"}";
        send(settings.interactionsTopic(), ada, interaction);
        send(settings.interactionsTopic(), ada, interaction);
        String consent = "{\"contactId\": " + ada + ", \"eventId\": \"OPT-IN-1\", \"purpose\": \"marketing\", "
                + "\"channel\": \"email\", \"state\": \"granted\", \"source\": \"web form\"}";
        send(settings.consentsTopic(), ada, consent);
        send(settings.consentsTopic(), ada, consent);
        send(settings.consentsTopic(), ada, "{\"contactId\": " + ada + ", \"eventId\": \"OPT-IN-2\", "
                + "\"purpose\": \"marketing\", \"state\": \"maybe\", \"source\": \"web form\", \"colour\": \"red\"}");

        Map<String, Integer> results = new ConcurrentHashMap<>();
        Inbound node = inbound((kind, value) -> {
            Ingest.Outcome o = ingest.book(kind, value);
            results.merge(o.result(), 1, Integer::sum);
            return o;
        });
        open.add(() -> node.stop());
        assertEquals(10, drain(node, 10));
        assertEquals(Map.of("booked", 4, "replayed", 2, "refused", 4), results);

        assertEquals("ORDER-1 booked once", 1, loyalty.ledger(ada, 10).size());
        assertEquals(1, interactions.count(ada, Set.of()));
        assertEquals(1, consents.history(ada).size());
        assertEquals("kafka:OPT-IN-1", consents.history(ada).get(0).actor());

        Map<String, ConsumerRecord<String, String>> letters = read(settings.deadLetterTopic(), 4).stream()
                .collect(Collectors.toMap(r -> header(r, Inbound.FIELD), r -> r));
        assertEquals(Set.of("lines[0].quantity", "contactId", "body", "colour"), letters.keySet());
        ConsumerRecord<String, String> unknown = letters.get("contactId");
        assertEquals("no contact with id 404", header(unknown, Inbound.ERROR));
        assertEquals(settings.purchasesTopic(), header(unknown, Inbound.TOPIC));
        assertEquals("404", unknown.key());
        assertEquals(purchase(404, "ORDER-3", "10.00"), unknown.value());
        assertTrue(header(letters.get("body"), Inbound.ERROR), header(letters.get("body"), Inbound.ERROR)
                .startsWith("not JSON: "));
        assertTrue(header(letters.get("colour"), Inbound.ERROR).startsWith("colour is not a field of a consent; they are"));
        assertEquals(settings.consentsTopic() + "-0@2", header(letters.get("colour"), Inbound.TOPIC) + "-"
                + header(letters.get("colour"), Inbound.PARTITION) + "@" + header(letters.get("colour"), Inbound.OFFSET));
        assertEquals("every offset committed: nothing is read again", 0, node.pass(Duration.ofMillis(500)));
    }

    @Test
    public void aClientSettingThatALaterClientRefusesLeavesNoClientOrThreadBehind() throws Exception {
        // The producers ignore auto.offset.reset; the consumers, made after the dead letters' producer, refuse it.
        KafkaConfig config = (KafkaConfig) java.lang.reflect.Proxy.newProxyInstance(KafkaConfig.class.getClassLoader(),
                new Class<?>[] {KafkaConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "bootstrapServers" -> BROKER.bootstrapServers();
                    case "purchasesTopic" -> settings.purchasesTopic();
                    case "deadLetterTopic" -> settings.deadLetterTopic();
                    case "eventsTopic" -> settings.eventsTopic();
                    case "consumers" -> 2;
                    default -> method.getDefaultValue();
                });
        DatabaseCluster cluster = new DatabaseCluster(db.dataSource(), "leaky", Duration.ofMinutes(1), null, clock);
        RuntimeException refused = assertThrows(RuntimeException.class, () -> new KafkaBridge(db.dataSource(), cluster,
                contacts, interactions, loyalty, consents, config, Map.of("client.auto.offset.reset", "sometimes")));
        assertTrue(refused.toString(), refused.getMessage().contains("auto.offset.reset"));
        Await.until("no client of the refused node left running", Duration.ofSeconds(10), () -> clientThreads("leaky")
                .isEmpty());
    }

    /** The threads of a node's Kafka clients (a producer's network thread is named after its client id) and consumers. */
    private static List<String> clientThreads(String node) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.contains("rapport-" + node + "-") || n.startsWith("rapport-kafka-consumer-")).toList();
    }

    @Test
    public void aNodeKilledMidBatchLeavesItsRecordsToTheNextWhichBooksEachOnceAndTwoNodesShareThePartitions()
            throws Exception {
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(contacts.create(new NewContact("m" + i + "@example.com", "M" + i, "Member")).id());
        }
        for (int i = 0; i < 40; i++) {
            long member = members.get(i % 4);
            send(settings.purchasesTopic(), member, purchase(member, "K-" + i, "10.00"));
        }
        AtomicInteger calls = new AtomicInteger();
        Inbound doomed = inbound((kind, value) -> {
            if (calls.incrementAndGet() > 7) {
                throw new Error("the node dies");
            }
            return ingest.book(kind, value);
        });
        Error died = assertThrows(Error.class, () -> drain(doomed, 40));
        assertEquals("the node dies", died.getMessage());
        doomed.close();

        Map<String, Integer> results = new ConcurrentHashMap<>();
        List<Inbound> nodes = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String name : List.of("node-a", "node-b")) {
            Inbound node = inbound((kind, value) -> {
                Ingest.Outcome o = ingest.book(kind, value);
                results.merge(o.result(), 1, Integer::sum);
                return o;
            });
            nodes.add(node);
            threads.add(new Thread(node, name));
        }
        Consumer<byte[], byte[]> probe = settings.newConsumer("probe");
        open.add(probe);
        Map<TopicPartition, OffsetAndMetadata> committed = probe.committed(Set.of(
                new TopicPartition(settings.purchasesTopic(), 0), new TopicPartition(settings.purchasesTopic(), 1)));
        long committedBefore = committed.values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
        assertTrue("the dead node booked records it had not committed: " + committedBefore, committedBefore < 7);
        threads.forEach(Thread::start);
        Await.until("all 40 purchases gone through", WAIT, () -> results.values().stream().mapToInt(i -> i).sum() >= 40
                - committedBefore);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BROKER.bootstrapServers()))) {
            Await.value("the two nodes share the purchases' two partitions", WAIT, () -> described(admin), group ->
                    group.members().size() == 2 && group.members().stream().allMatch(m -> m.assignment()
                            .topicPartitions().stream().filter(p -> p.topic().equals(settings.purchasesTopic()))
                            .count() == 1));
        }
        nodes.forEach(Inbound::stop);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals("what the dead node booked and did not commit came again, as replays",
                Map.of("booked", 33, "replayed", (int) (7 - committedBefore)), results);
        for (long member : members) {
            assertEquals("10 purchases each, each booked once", 10, loyalty.ledger(member, 50).size());
        }
    }

    private ConsumerGroupDescription described(Admin admin) {
        try {
            return admin.describeConsumerGroups(List.of(settings.groupId())).describedGroups().get(settings.groupId())
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void theDomainEventsArePublishedAsCloudEventsKeyedByContactInOrderAndResumeWhereTheyLeftOff()
            throws Exception {
        EventsService events = TestEvents.open(db.dataSource(), clock);
        open.add(events::deactivate);
        KafkaBridge.migrate(db.dataSource());
        DatabaseCluster cluster = new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock);
        Properties producer = settings.producer("events");
        Producer<String, byte[]> out = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
        open.add(out);

        long ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        long grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
        for (int i = 0; i < 3; i++) {
            ingest.book(Ingest.Kind.PURCHASE, purchase(ada, "A-" + i, "600.00").getBytes(StandardCharsets.UTF_8));
            ingest.book(Ingest.Kind.PURCHASE, purchase(grace, "G-" + i, "20.00").getBytes(StandardCharsets.UTF_8));
        }
        TestEvents.take(events);
        Outbound first = new Outbound(db.dataSource(), cluster, out, settings.eventsTopic(), "/rapport", clock);
        int published = first.publish();
        assertEquals("nothing new, nothing sent again", 0, first.publish());

        List<ConsumerRecord<String, String>> got = read(settings.eventsTopic(), published);
        Map<String, List<String>> perContact = new HashMap<>();
        Map<String, Set<Integer>> partitionOf = new HashMap<>();
        for (ConsumerRecord<String, String> r : got) {
            JsonNode e = JSON.readTree(r.value());
            assertEquals(r.key(), e.get("subject").asText());
            assertEquals("/rapport", e.get("source").asText());
            assertEquals("1.0", e.get("specversion").asText());
            perContact.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(e.get("type").asText() + " "
                    + e.get("data").path("orderId").asText(""));
            partitionOf.computeIfAbsent(r.key(), k -> new java.util.HashSet<>()).add(r.partition());
        }
        assertEquals(List.of("contact.created ", "purchase.booked A-0", "tier.changed ", "purchase.booked A-1",
                "tier.changed ", "purchase.booked A-2"), perContact.get(Long.toString(ada)));
        assertEquals(List.of("contact.created ", "purchase.booked G-0", "tier.changed ", "purchase.booked G-1",
                "purchase.booked G-2"),
                perContact.get(Long.toString(grace)));
        assertEquals("a contact's events in one partition", 1, partitionOf.get(Long.toString(ada)).size());

        // Restarted: a new publisher on the same database goes on after what was acknowledged.
        ingest.book(Ingest.Kind.PURCHASE, purchase(grace, "G-3", "20.00").getBytes(StandardCharsets.UTF_8));
        TestEvents.take(events);
        Outbound restarted = new Outbound(db.dataSource(), cluster, out, settings.eventsTopic(), "/rapport", clock);
        assertEquals(1, restarted.publish());
        List<ConsumerRecord<String, String>> all = read(settings.eventsTopic(), published + 1);
        assertTrue(all.get(all.size() - 1).value(), all.stream().anyMatch(r -> r.value().contains("\"G-3\"")));
    }

    @Test
    public void anEventWrittenBeforeAnotherButCommittedAfterItIsPublishedToo() throws Exception {
        EventsService events = TestEvents.open(db.dataSource(), clock);
        open.add(events::deactivate);
        KafkaBridge.migrate(db.dataSource());
        DatabaseCluster cluster = new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock);
        Producer<String, byte[]> out = new KafkaProducer<>(settings.producer("events"), new StringSerializer(),
                new ByteArraySerializer());
        open.add(out);
        Outbound publisher = new Outbound(db.dataSource(), cluster, out, settings.eventsTopic(), "/rapport", clock);

        try (Connection late = db.dataSource().getConnection()) {
            late.setAutoCommit(false);
            // The lower row, written first, by a transaction that takes its time (an erasure's announcement)…
            long lower = written(late, "late-event", 7);
            // …and a higher one, written and committed meanwhile (the intake of the recorded events).
            long higher = Transactions.inJdbc(db.dataSource(), "writing an event", c -> written(c, "prompt-event", 8));
            assertTrue(lower < higher);
            CompletableFuture<Integer> publishing = CompletableFuture.supplyAsync(publisher::publish);
            Await.until("the publisher done, or waiting for the late transaction", WAIT, () -> publishing.isDone()
                    || someoneWaitsForALock());
            late.commit();
            int published = publishing.get(WAIT.toSeconds(), TimeUnit.SECONDS) + publisher.publish();
            assertEquals(2, published);
        }
        List<String> ids = read(settings.eventsTopic(), 2).stream().map(r -> {
            try {
                return JSON.readTree(r.value()).get("id").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sorted().toList();
        assertEquals(List.of("late-event", "prompt-event"), ids);
    }

    /** Writes an event to the outbox as the events bundle does; answers its row. */
    private long written(Connection c, String eventId, long contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into EVENT_OUTBOX (EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, "
                + "WRITTEN_AT, DATA) values (?, 'contact.created', ?, ?, ?, '{}')", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, eventId);
            s.setLong(2, contactId);
            s.setLong(3, clock.millis());
            s.setLong(4, clock.millis());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Whether a transaction of the test database waits for a lock another one holds. */
    private boolean someoneWaitsForALock() {
        return Transactions.inJdbc(db.dataSource(), "looking at the locks", c -> {
            boolean derby = c.getMetaData().getDatabaseProductName().contains("Derby");
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(derby
                    ? "select count(*) from SYSCS_DIAG.LOCK_TABLE where STATE = 'WAIT'"
                    : "select count(*) from pg_locks where not granted")) {
                r.next();
                return r.getLong(1) > 0;
            }
        });
    }

    @Test
    public void aPartitionsPurchasesOfAPollAreBookedTogetherAndABadOneAloneIsRefusedTheOthersBookedOnce()
            throws Exception {
        long ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        long grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
        for (int i = 0; i < 10; i++) {
            sender.send(new ProducerRecord<>(settings.purchasesTopic(), 0, Long.toString(ada), purchase(ada, "A-" + i,
                    "10.00"))).get();
            sender.send(new ProducerRecord<>(settings.purchasesTopic(), 1, Long.toString(grace), purchase(grace, "G-" + i,
                    "10.00"))).get();
            if (i == 4) {
                // Refused as it is read: the others of its partition are booked together all the same.
                sender.send(new ProducerRecord<>(settings.purchasesTopic(), 0, Long.toString(ada), "{\"contactId\": ")).get();
                // Refused only once booking began (the same event id, another amount): its partition is booked one by one.
                sender.send(new ProducerRecord<>(settings.purchasesTopic(), 1, Long.toString(grace), purchase(grace, "G-2",
                        "99.00"))).get();
            }
            if (i == 6) {
                // No such contact: refused as it is read (the batch's contacts are looked for at once).
                sender.send(new ProducerRecord<>(settings.purchasesTopic(), 0, "404", purchase(404, "N-1", "10.00"))).get();
            }
        }
        Map<Long, AtomicInteger> transactions = new ConcurrentHashMap<>();
        LoyaltyService counted = (LoyaltyService) java.lang.reflect.Proxy.newProxyInstance(
                LoyaltyService.class.getClassLoader(), new Class<?>[] {LoyaltyService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recordPurchase")) {
                        transactions.computeIfAbsent(((PurchaseEvent) args[0]).contactId(), c -> new AtomicInteger())
                                .incrementAndGet();
                    } else if (method.getName().equals("recordPurchases")) {
                        ((List<?>) args[0]).stream().map(p -> ((PurchaseEvent) p).contactId()).distinct().forEach(c ->
                                transactions.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet());
                    }
                    try {
                        return method.invoke(loyalty, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Ingest batching = new Ingest(contacts, interactions, counted, consents);
        Map<String, Integer> results = new ConcurrentHashMap<>();
        Inbound node = inbound(new Inbound.Booker() {
            @Override
            public Ingest.Outcome book(Ingest.Kind kind, byte[] value) {
                Ingest.Outcome o = batching.book(kind, value);
                results.merge(o.result(), 1, Integer::sum);
                return o;
            }

            @Override
            public List<Ingest.Outcome> bookAll(Ingest.Kind kind, List<byte[]> values) {
                List<Ingest.Outcome> outcomes = batching.bookAll(kind, values);
                outcomes.forEach(o -> results.merge(o.result(), 1, Integer::sum));
                return outcomes;
            }
        });
        open.add(() -> node.stop());
        assertEquals(23, drain(node, 23));

        assertEquals(Map.of("booked", 20, "refused", 3), results);
        assertEquals(10, loyalty.ledger(ada, 50).size());
        assertEquals(10, loyalty.ledger(grace, 50).size());
        assertTrue("Ada's 10 purchases in fewer transactions: " + transactions, transactions.get(ada).get() < 10);
        Map<String, ConsumerRecord<String, String>> letters = read(settings.deadLetterTopic(), 3).stream()
                .collect(Collectors.toMap(r -> header(r, Inbound.FIELD), r -> r));
        assertEquals(Set.of("body", "eventId", "contactId"), letters.keySet());
        assertEquals("no contact with id 404", header(letters.get("contactId"), Inbound.ERROR));
        assertTrue(header(letters.get("eventId"), Inbound.ERROR), header(letters.get("eventId"), Inbound.ERROR)
                .contains("G-2 was recorded before with different content"));
        assertEquals("every offset committed: nothing is read again", 0, node.pass(Duration.ofMillis(500)));
    }
}

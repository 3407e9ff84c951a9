package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code rapport-kafka} installed in the distribution, against a KRaft broker the suite's JVM
 * started ({@link KafkaBroker}): a purchase written to {@code rapport.purchases} is booked once
 * though it is written twice, a record that is not JSON lands in {@code rapport.dead-letter} with
 * the reason, and the contact's events are published to {@code rapport.events} as CloudEvents keyed
 * by the contact. The feature is uninstalled at the end, for the classes after this one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class KafkaIT extends HttpTestSupport {

    private static final String KAFKA_FEATURE = "rapport-kafka";
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    @Inject
    FeaturesService features;

    /** Kafka's client classes are loaded by name from the context class loader: the wrapped client bundle's. */
    private static <T> T kafka(Supplier<T> make) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaProducer.class.getClassLoader());
        try {
            return make.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    public void purchasesComeInOnceRefusedRecordsGoToTheDeadLetterTopicAndTheEventsGoOut() throws Exception {
        String brokers = System.getProperty(KAFKA);
        Map<String, Object> client = Map.of("bootstrap.servers", brokers);
        try (Admin admin = kafka(() -> Admin.create(client))) {
            for (String topic : List.of("rapport.purchases", "rapport.interactions", "rapport.consents",
                    "rapport.dead-letter", "rapport.events")) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof TopicExistsException);
                }
            }
        }
        String agent = basic(Roles.AGENT);
        String m = "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long contact = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.com\",\"firstName\":\"Ada\","
                + "\"lastName\":\"" + m + "\"}").json().get("id").asLong();

        features.installFeature(KAFKA_FEATURE, NO_REFRESH);
        try (KafkaProducer<String, String> producer = kafka(() -> new KafkaProducer<>(client, new StringSerializer(),
                new StringSerializer()))) {
            String purchase = "{\"contactId\": " + contact + ", \"eventId\": \"" + m + "\", \"amount\": 80.00}";
            producer.send(new ProducerRecord<>("rapport.purchases", Long.toString(contact), purchase)).get();
            producer.send(new ProducerRecord<>("rapport.purchases", Long.toString(contact), purchase)).get();
            producer.send(new ProducerRecord<>("rapport.purchases", Long.toString(contact), "{\"contactId\": "
                    + contact + ", \"eventId\": \"" + m + "-2\"")).get();

            await("the purchase is booked", () -> call("GET", "/loyalty/members/" + contact + "/ledger", agent, null)
                    .json().path("total").asLong() > 0);
            List<ConsumerRecord<String, String>> letters = read(client, "rapport.dead-letter", r -> contact == Long
                    .parseLong(r.key()), 1);
            assertTrue(header(letters.get(0), "rapport.error"), header(letters.get(0), "rapport.error").startsWith(
                    "not JSON: "));
            assertEquals("rapport.purchases", header(letters.get(0), "rapport.source.topic"));
            List<ConsumerRecord<String, String>> events = read(client, "rapport.events", r -> Long.toString(contact)
                    .equals(r.key()), 3);
            List<String> types = new ArrayList<>();
            for (ConsumerRecord<String, String> r : events) {
                JsonNode event = JSON.readTree(r.value());
                assertEquals(Long.toString(contact), event.get("subject").asText());
                types.add(event.get("type").asText());
            }
            assertEquals(List.of("contact.created", "purchase.booked", "tier.changed"), types.subList(0, 3));
            JsonNode ledger = call("GET", "/loyalty/members/" + contact + "/ledger", agent, null).json();
            assertEquals("written twice, booked once: " + ledger, 1, ledger.path("total").asLong());
            assertEquals("purchase:" + m, ledger.at("/items/0/source").asText());
        } finally {
            features.uninstallFeature(KAFKA_FEATURE, NO_REFRESH);
        }
    }

    /** Reads {@code topic} from its start until {@code count} records that {@code ours} accepts were seen. */
    private List<ConsumerRecord<String, String>> read(Map<String, Object> client, String topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> ours, int count) {
        Map<String, Object> settings = new java.util.HashMap<>(client);
        settings.put("group.id", "itest-" + UUID.randomUUID());
        settings.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = kafka(() -> new KafkaConsumer<>(settings, new StringDeserializer(),
                new StringDeserializer()))) {
            consumer.subscribe(List.of(topic));
            await(count + " of our records on " + topic, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && ours.test(r)) {
                        got.add(r);
                    }
                });
                return got.size() >= count;
            });
        }
        return got;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

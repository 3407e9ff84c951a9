package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code rapport-kafka} installed in the distribution from its {@code system/} folder, against a
 * KRaft broker the test starts as a JVM of its own ({@link KafkaSidecar}), configured in
 * {@code etc/org.rapport.kafka.cfg} through ConfigurationAdmin as an administrator would. A
 * purchase, an interaction and a consent, each written twice, are booked once (read back over
 * REST); a bad record on each topic reaches the dead-letter topic with its reason, field and
 * source; the contact's domain events are published to the events topic as CloudEvents keyed by
 * the contact, {@code purchase.booked} once. The feature is uninstalled and the configuration
 * removed at the end: the node is as shipped for the classes after this one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class KafkaIT extends HttpTestSupport {

    private static final String FEATURE = "rapport-kafka";
    private static final String PID = "org.rapport.kafka";
    private static final String PURCHASES = "rapport.purchases";
    private static final String INTERACTIONS = "rapport.interactions";
    private static final String CONSENTS = "rapport.consents";
    private static final String DEAD_LETTER = "rapport.dead-letter";
    private static final String EVENTS = "rapport.events";
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    @Inject
    FeaturesService features;
    @Inject
    ConfigurationAdmin configurations;
    @Inject
    BundleContext context;

    @Test
    public void recordsAreBookedOnceRefusedOnesGoToTheDeadLetterTopicAndTheEventsArePublished() throws Exception {
        assertFalse("not part of the product feature", features.isInstalled(features.getFeature(FEATURE)));
        int bundles = context.getBundles().length;
        String agent = basic(Roles.AGENT);
        String m = "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long contact = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.com\",\"firstName\":\"Ada\","
                + "\"lastName\":\"" + m + "\"}").json().get("id").asLong();
        String key = Long.toString(contact);

        try (KafkaSidecar kafka = KafkaSidecar.start(PURCHASES, INTERACTIONS, CONSENTS, DEAD_LETTER, EVENTS)) {
            Configuration config = configurations.getConfiguration(PID, null);
            Dictionary<String, Object> settings = new Hashtable<>();
            settings.put("bootstrapServers", kafka.bootstrapServers());
            settings.put("groupId", "rapport-" + m);
            config.update(settings);
            features.installFeature(FEATURE, NO_REFRESH);
            try {
                String purchase = "{\"contactId\": " + contact + ", \"eventId\": \"" + m + "-order\", \"amount\": 80.00, "
                        + "\"currency\": \"EUR\", \"channel\": \"web\"}";
                String interaction = "{\"contactId\": " + contact + ", \"eventId\": \"" + m + "-visit\", \"channel\": "
                        + "\"web\", \"direction\": \"inbound\", \"type\": \"visit\", \"occurredAt\": \"2026-12-01T09:00:00Z\"}";
                String consent = "{\"contactId\": " + contact + ", \"eventId\": \"" + m + "-opt-in\", \"purpose\": "
                        + "\"marketing\", \"channel\": \"email\", \"state\": \"granted\", \"source\": \"web form\"}";
                for (int copy = 0; copy < 2; copy++) {
                    kafka.send(PURCHASES, key, purchase);
                    kafka.send(INTERACTIONS, key, interaction);
                    kafka.send(CONSENTS, key, consent);
                }
                // Behind the copies in their partitions (one key, one partition): when these are dead letters,
                // the copies before them were gone through.
                kafka.send(PURCHASES, key, "{\"contactId\": " + contact + ", \"eventId\": ");
                kafka.send(INTERACTIONS, key, "{\"contactId\": " + contact + ", \"channel\": \"web\", \"direction\": "
                        + "\"inbound\", \"type\": \"visit\"}");
                kafka.send(CONSENTS, key, "{\"contactId\": " + contact + ", \"eventId\": \"" + m + "-bad\", \"purpose\": "
                        + "\"marketing\", \"state\": \"granted\", \"source\": \"web form\", \"colour\": \"red\"}");

                Map<String, JsonNode> letters = new HashMap<>();
                for (JsonNode letter : kafka.read(DEAD_LETTER, key, 3)) {
                    letters.put(letter.at("/headers/rapport.source.topic").asText(), letter);
                }
                assertEquals("one dead letter a topic, nothing else refused: " + letters, 3, letters.size());
                JsonNode notJson = letters.get(PURCHASES);
                assertTrue(notJson.toString(), notJson.at("/headers/rapport.error").asText().startsWith("not JSON: "));
                assertEquals("body", notJson.at("/headers/rapport.error.field").asText());
                assertEquals("{\"contactId\": " + contact + ", \"eventId\": ", notJson.get("value").asText());
                assertEquals("2", notJson.at("/headers/rapport.source.offset").asText());
                JsonNode noEventId = letters.get(INTERACTIONS);
                assertEquals(noEventId.toString(), "eventId", noEventId.at("/headers/rapport.error.field").asText());
                assertTrue(noEventId.toString(), noEventId.at("/headers/rapport.error").asText()
                        .startsWith("eventId is required"));
                JsonNode colour = letters.get(CONSENTS);
                assertEquals(colour.toString(), "colour", colour.at("/headers/rapport.error.field").asText());
                assertTrue(colour.toString(), colour.at("/headers/rapport.error").asText()
                        .startsWith("colour is not a field of a consent; they are"));

                JsonNode ledger = call("GET", "/loyalty/members/" + contact + "/ledger", agent, null).json();
                assertEquals("written twice, booked once: " + ledger, 1, ledger.get("total").asLong());
                assertEquals("purchase:" + m + "-order", ledger.at("/items/0/source").asText());
                List<JsonNode> visits = new ArrayList<>();
                call("GET", "/contacts/" + contact + "/timeline", agent, null).json().get("items").forEach(visits::add);
                visits.removeIf(i -> !i.get("type").asText().equals("visit"));
                assertEquals("written twice, on the timeline once: " + visits, 1, visits.size());
                assertEquals("kafka", visits.get(0).get("source").asText());
                assertEquals(m + "-visit", visits.get(0).get("eventId").asText());
                JsonNode consents = call("GET", "/contacts/" + contact + "/consents", agent, null).json().get("history");
                assertEquals("written twice, recorded once: " + consents, 1, consents.size());
                assertEquals("kafka:" + m + "-opt-in", consents.get(0).get("actor").asText());
                assertEquals("granted", consents.get(0).get("state").asText().toLowerCase());

                JsonNode events = kafka.read(EVENTS, key, 1, "\"purchase.booked\"");
                List<String> types = new ArrayList<>();
                for (JsonNode record : events) {
                    JsonNode event = JSON.readTree(record.get("value").asText());
                    assertEquals(record.toString(), key, event.get("subject").asText());
                    assertEquals("one partition for the contact: " + events, events.get(0).get("partition"),
                            record.get("partition"));
                    assertTrue(record.toString(), record.at("/headers/content-type").asText()
                            .startsWith("application/cloudevents+json"));
                    types.add(event.get("type").asText());
                    if (event.get("type").asText().equals("purchase.booked")) {
                        assertEquals(event.toString(), m + "-order", event.at("/data/orderId").asText());
                        assertEquals(event.toString(), "1.0", event.get("specversion").asText());
                    }
                }
                assertEquals("the contact's events in the order written: " + types, "contact.created", types.get(0));
                assertEquals("booked once, published once: " + types, 1, types.stream()
                        .filter("purchase.booked"::equals).count());
            } finally {
                features.uninstallFeature(FEATURE, NO_REFRESH);
                config.delete();
            }
        }
        assertFalse(features.isInstalled(features.getFeature(FEATURE)));
        for (Bundle b : context.getBundles()) {
            assertFalse("uninstalled with its feature", b.getSymbolicName().contains("kafka"));
        }
        assertEquals("the node's bundles as before", bundles, context.getBundles().length);
        await("the node is ready", () -> call("GET", "/health/ready", Map.of(), null).status() == 200);
    }
}

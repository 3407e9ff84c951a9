package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Domain events out: a system subscribed over REST receives signed CloudEvents of what happens,
 * those the capabilities record in their own transactions among them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class EventsIT extends HttpTestSupport {

    @Test
    public void aSubscriberReceivesTheContactItsPurchaseTierAndConsentSigned() throws Exception {
        String admin = basic(Roles.ADMIN);
        String m = "e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (WebhookSink sink = new WebhookSink()) {
            String subscription = "{\"name\":\"" + m + "\",\"url\":\"" + sink.url()
                    + "\",\"types\":[\"contact.created\",\"purchase.booked\",\"tier.changed\",\"consent.changed\"]}";
            assertEquals("administrators only", 403, call("POST", "/event-subscriptions", basic(Roles.ANALYST),
                    subscription).status());
            Reply refused = call("POST", "/event-subscriptions", admin, subscription.replace(sink.url(),
                    "http://169.254.169.254/latest/meta-data"));
            assertEquals(refused.body(), 400, refused.status());
            assertTrue(refused.body(), refused.body().contains("\"url\""));
            Reply created = call("POST", "/event-subscriptions", admin, subscription);
            assertEquals(created.body(), 201, created.status());
            String secret = created.json().get("secret").asText();
            long id = created.json().at("/subscription/id").asLong();
            assertTrue("the secret is shown once", !call("GET", "/event-subscriptions/" + id, admin, null).body()
                    .contains(secret));

            String agent = basic(Roles.AGENT);
            long contact = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.com\",\"firstName\":\"Ada\","
                    + "\"lastName\":\"" + m + "\"}").json().get("id").asLong();
            assertEquals(201, call("POST", "/loyalty/purchases", agent, "{\"contactId\":" + contact + ",\"eventId\":\""
                    + m + "\",\"amount\":80.00}").status());
            assertEquals(201, call("POST", "/contacts/" + contact + "/consents", agent, "{\"purpose\": \"marketing\", "
                    + "\"state\": \"granted\", \"source\": \"web form\"}").status());

            await("contact.created, purchase.booked, tier.changed and consent.changed arrive",
                    () -> ours(sink, contact).size() >= 4);
            List<WebhookSink.Received> ours = ours(sink, contact);
            assertEquals("in the order they were written", List.of("contact.created", "purchase.booked", "tier.changed",
                    "consent.changed"), ours.stream().map(r -> json(r).get("type").asText()).toList());
            JsonNode tier = json(ours.get(2)).get("data");
            assertTrue(tier.toString(), tier.get("fromTier").isNull() && tier.get("toTier").isTextual()
                    && tier.get("rule").isTextual() && tier.get("release").asText().startsWith("loyalty v"));
            assertEquals("marketing", json(ours.get(3)).at("/data/purpose").asText());
            assertTrue("codes and ids, not the source", !new String(ours.get(3).body(), StandardCharsets.UTF_8)
                    .contains("web form"));
            for (WebhookSink.Received r : ours) {
                String signed = r.headers().get("rapport-timestamp") + "." + new String(r.body(), StandardCharsets.UTF_8);
                assertEquals("v1=" + hmac(secret, signed), r.headers().get("rapport-signature"));
                assertEquals("1.0", json(r).get("specversion").asText());
            }
            assertEquals(m, json(ours.get(1)).at("/data/orderId").asText());
            String listed = executeAs("events:list", Roles.ADMIN);
            assertTrue(listed, listed.contains(m) && listed.contains("active"));
            assertEquals(204, call("DELETE", "/event-subscriptions/" + id, admin, null).status());
        }
    }

    private static List<WebhookSink.Received> ours(WebhookSink sink, long contact) {
        return sink.received().stream().filter(r -> json(r).get("subject").asText().equals(Long.toString(contact)))
                .toList();
    }

    private static JsonNode json(WebhookSink.Received r) {
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }

    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}

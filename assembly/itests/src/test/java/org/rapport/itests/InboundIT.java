package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The signed inbound webhook of the assembled product ({@code etc/org.rapport.inbound.webhook-sms.cfg},
 * written by the test set-up), called without credentials as a gateway calls it: a request with a
 * wrong signature is refused and stores nothing; a signed "STOP" lands on the contact's timeline
 * and withdraws their consent by phone, with the message as proof; the same request again is a replay.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class InboundIT extends ContactTestSupport {

    static String sign(String timestamp, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(INBOUND_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void aSignedStopReplyWithdrawsConsentAndABadSignatureStoresNothing() throws Exception {
        String phone = "+1 555 " + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        long contact = contacts.create(new NewContact("sms-" + UUID.randomUUID() + "@example.com", "Sam", "Texter", phone,
                "en", null, null)).id();
        String agent = basic(Roles.AGENT);
        Reply granted = call("POST", "/contacts/" + contact + "/consents", agent, "{\"purpose\": \"marketing\", "
                + "\"channel\": \"phone\", \"state\": \"granted\", \"source\": \"itest\"}");
        assertEquals(granted.body(), 201, granted.status());

        String body = "{\"id\": \"itest-" + UUID.randomUUID() + "\", \"from\": \"" + phone + "\", \"text\": \"STOP\"}";
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Reply forged = call("POST", "/inbound/sms", Map.of("X-Rapport-Timestamp", timestamp,
                "X-Rapport-Signature", sign(timestamp, body).replace('a', 'b').replace('1', '2')), body);
        assertEquals(forged.body(), 401, forged.status());
        assertEquals(0, call("GET", "/inbound?contactId=" + contact, agent, null).json().get("total").asInt());

        Map<String, String> signed = Map.of("X-Rapport-Timestamp", timestamp, "X-Rapport-Signature", sign(timestamp, body));
        Reply taken = call("POST", "/inbound/sms", signed, body);
        assertEquals(taken.body(), 202, taken.status());
        assertEquals(contact, taken.json().get("contactId").asLong());
        assertTrue(taken.body(), taken.json().get("consentWithdrawn").asBoolean());
        Reply replay = call("POST", "/inbound/sms", signed, body);
        assertEquals(replay.body(), 409, replay.status());

        JsonNode inbound = call("GET", "/inbound?contactId=" + contact, agent, null).json();
        assertEquals(inbound.toString(), 1, inbound.get("total").asInt());
        long id = inbound.get("items").get(0).get("id").asLong();
        JsonNode consents = call("GET", "/contacts/" + contact + "/consents", agent, null).json().get("current");
        assertTrue(consents.toString(), consents.toString().contains("\"state\":\"WITHDRAWN\"")
                && consents.toString().contains("\"proof\":\"inbound message " + id + "\""));
        assertTrue("on the timeline", call("GET", "/contacts/" + contact + "/timeline", agent, null).json().get("items")
                .toString().contains("\"direction\":\"INBOUND\""));
    }
}

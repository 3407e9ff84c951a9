package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The points ledger over real HTTP against the running distribution.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class LoyaltyRestIT extends ContactTestSupport {

    /** Purchases as NDJSON: a result line for each, booked, replayed or refused, and a summary; agents only. */
    @Test
    public void purchasesSentInBulkAreAnsweredLineByLine() {
        String line = "{\"contactId\": " + contactId + ", \"eventId\": \"BULK-" + contactId + "\", \"amount\": 10.00}";
        String ndjson = line + "\n" + line + "\n" + line.replace("10.00", "-1").replace("BULK-", "BULK-BAD-") + "\n";
        java.util.Map<String, String> agent = java.util.Map.of("Authorization", basic(Roles.AGENT), "Content-Type",
                "application/x-ndjson");
        Reply reply = call("POST", "/loyalty/purchases/bulk", agent, ndjson);
        assertEquals(reply.body(), 200, reply.status());
        assertEquals("application/x-ndjson", reply.raw().headers().firstValue("Content-Type").orElse("").split(";")[0]);
        List<JsonNode> results = reply.body().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (java.io.IOException e) {
                throw new AssertionError("not NDJSON: " + reply.body(), e);
            }
        }).toList();
        assertEquals(List.of("booked", "replayed", "refused"), results.subList(0, 3).stream()
                .map(r -> r.get("result").asText()).toList());
        assertEquals("amount", results.get(2).get("field").asText());
        assertEquals(3, results.get(2).get("line").asInt());
        assertEquals("{\"lines\":3,\"booked\":1,\"replayed\":1,\"refused\":1}", results.get(3).get("summary").toString());
        assertEquals(403, call("POST", "/loyalty/purchases/bulk", java.util.Map.of("Authorization", basic(Roles.ANALYST),
                "Content-Type", "application/x-ndjson"), ndjson).status());
    }

    /**
     * The points ledger over HTTP: a purchase earns once however often it is sent, a reward is
     * redeemed until the points run out, a redemption is reversed, and a tier re-evaluation job
     * runs to the end.
     */
    @Test
    public void aMemberEarnsRedeemsAndIsReevaluatedOverHttp() {
        String agent = basic(Roles.AGENT);
        String purchase = "{\"contactId\": " + contactId + ", \"eventId\": \"ORDER-" + contactId
                + "\", \"amount\": 1200.00, \"channel\": \"web\", \"occurredAt\": \"2026-11-20T10:00:00Z\"}";
        Reply first = call("POST", "/loyalty/purchases", agent, purchase);
        assertEquals(first.body(), 201, first.status());
        assertEquals(1320, first.json().get("entry").get("points").asLong());
        assertEquals("Silver", first.json().get("member").get("tier").asText());
        String entry = first.raw().headers().firstValue("Location").orElseThrow();
        assertTrue(entry, entry.endsWith("/api/v1/loyalty/entries/" + first.json().get("entry").get("id").asLong()));
        Reply again = call("POST", "/loyalty/purchases", agent, purchase);
        assertEquals(again.body(), 200, again.status());
        assertTrue(again.json().get("replayed").asBoolean());
        Reply conflict = call("POST", "/loyalty/purchases", agent, purchase.replace("1200.00", "12.00"));
        assertEquals(conflict.body(), 409, conflict.status());
        assertEquals("source_conflict", conflict.json().get("code").asText());
        assertEquals("eventId", conflict.json().get("fields").get(0).get("field").asText());
        Reply badCurrency = call("POST", "/loyalty/purchases", agent, purchase.replace("\"amount\"",
                "\"currency\": \"XYZ\", \"amount\""));
        assertEquals(badCurrency.body(), 400, badCurrency.status());
        assertEquals("currency", badCurrency.json().get("fields").get(0).get("field").asText());
        Reply nobody = call("POST", "/loyalty/purchases", agent, purchase.replace("\"contactId\": " + contactId,
                "\"contactId\": 987654321"));
        assertEquals(nobody.body(), 404, nobody.status());
        assertEquals("not_found", nobody.json().get("code").asText());

        Reply reward = call("PUT", "/loyalty/rewards/LOUNGE-" + contactId, basic(Roles.ADMIN),
                "{\"name\": \"Lounge pass\", \"points\": 1000, \"stock\": 10, \"active\": true}");
        assertEquals(reward.body(), 200, reward.status());
        String redemption = "{\"contactId\": " + contactId + ", \"reward\": \"LOUNGE-" + contactId + "\", \"requestId\": \"";
        Reply redeemed = call("POST", "/loyalty/redemptions", agent, redemption + "R1\"}");
        assertEquals(redeemed.body(), 201, redeemed.status());
        assertEquals(-1000, redeemed.json().get("points").asLong());
        Reply tooMuch = call("POST", "/loyalty/redemptions", agent, redemption + "R2\"}");
        assertEquals(tooMuch.body(), 409, tooMuch.status());
        assertEquals("insufficient_points", tooMuch.json().get("code").asText());
        Reply reversed = call("POST", "/loyalty/entries/" + redeemed.json().get("id").asLong() + "/reversal", agent,
                "{\"reason\": \"lounge closed\"}");
        assertEquals(reversed.body(), 201, reversed.status());

        JsonNode member = call("GET", "/loyalty/members/" + contactId, agent, null).json();
        assertEquals(member.toString(), 1320, member.get("balance").asLong());
        assertEquals(member.toString(), 1200, member.get("qualifyingPoints").asLong());
        assertEquals(member.toString(), 1320, member.get("expiring").get(0).get("points").asLong());
        JsonNode ledger = call("GET", "/loyalty/members/" + contactId + "/ledger", agent, null).json().get("items");
        assertEquals(ledger.toString(), List.of("REVERSE", "REDEEM", "EARN"),
                List.of(ledger.get(0).get("kind").asText(), ledger.get(1).get("kind").asText(), ledger.get(2).get("kind").asText()));
        await("the purchase is on the timeline", () -> call("GET", "/contacts/" + contactId + "/timeline", agent, null)
                .json().get("total").asInt() == 1);
        JsonNode bought = call("GET", "/contacts/" + contactId + "/timeline", agent, null).json().get("items").get(0);
        assertEquals(bought.toString(), "purchase", bought.get("type").asText());
        assertEquals(bought.toString(), "WEB", bought.get("channel").asText());
        assertEquals(bought.toString(), "ORDER-" + contactId, bought.get("payload").get("event").asText());
        JsonNode reconciliation = call("GET", "/loyalty/reconciliation", basic(Roles.ANALYST), null).json();
        assertEquals(reconciliation.toString(), 0, reconciliation.get("problems").size());

        Reply started = call("POST", "/loyalty/reevaluations", basic(Roles.ANALYST), "{}");
        assertEquals(started.body(), 202, started.status());
        String job = started.raw().headers().firstValue("Location").orElseThrow();
        String jobPath = job.substring(job.indexOf("/api/v1") + "/api/v1".length());
        await("the re-evaluation job ends", () -> !"RUNNING".equals(call("GET", jobPath, basic(Roles.ANALYST), null)
                .json().path("state").asText()));
        JsonNode done = call("GET", jobPath, basic(Roles.ANALYST), null).json();
        assertEquals(done.toString(), "DONE", done.get("state").asText());
        assertEquals(done.toString(), done.get("total").asLong(), done.get("evaluated").asLong());
    }
}

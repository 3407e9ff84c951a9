package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import java.util.UUID;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Segments over real HTTP against the running distribution.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SegmentsRestIT extends HttpTestSupport {

    /** A segment defined over HTTP, kept up to date as purchases are recorded, counted, searched and removed. */
    @Test
    public void aSegmentFollowsItsContactsAsTheyBuy() throws InterruptedException {
        String m = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        long[] ids = tagged(m, 3, agent);
        String purchase = "{\"channel\":\"web\",\"direction\":\"inbound\",\"type\":\"purchase\","
                + "\"payload\":{\"amount\":\"120.00\",\"currency\":\"EUR\"}}";
        assertEquals(201, call("POST", "/contacts/" + ids[0] + "/interactions", agent, purchase).status());

        Reply bad = call("PUT", "/segments/big-" + m, analyst, "{\"condition\":\"tag:" + m + " spent>=lots\"}");
        assertEquals(bad.body(), 400, bad.status());
        assertTrue(bad.body(), bad.body().contains("word 2, 'spent>=lots'"));
        assertEquals(403, call("PUT", "/segments/big-" + m, agent, "{\"condition\":\"tag:" + m + "\"}").status());
        Reply defined = call("PUT", "/segments/big-" + m, analyst, "{\"description\":\"Spent 100 this year\","
                + "\"condition\":\"tag:" + m + " spent>=100/365d\"}");
        assertEquals(defined.body(), 200, defined.status());
        assertEquals(1, defined.json().get("members").asInt());
        assertEquals(2, call("POST", "/segments/preview", agent, "{\"condition\":\"tag:" + m + " spent<100/365d\"}")
                .json().get("members").asInt());

        // The next purchase brings its buyer in within a few seconds, with no refresh asked for.
        assertEquals(201, call("POST", "/contacts/" + ids[2] + "/interactions", agent, purchase).status());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (call("GET", "/segments/big-" + m, agent, null).json().get("members").asInt() < 2
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        JsonNode members = call("GET", "/segments/big-" + m + "/members", agent, null).json();
        assertEquals(members.toString(), 2, members.get("total").asInt());
        assertEquals(ids[2], members.get("items").get(1).get("id").asLong());
        JsonNode today = call("GET", "/segments/big-" + m + "/counts", agent, null).json().get("items");
        assertEquals(today.toString(), 2, today.get(today.size() - 1).get("members").asInt());
        assertEquals(2, today.get(today.size() - 1).get("joined").asInt());
        JsonNode profile = call("GET", "/contacts/" + ids[2] + "/segments", agent, null).json();
        assertEquals(profile.toString(), "big-" + m, profile.get("segments").get(0).asText());
        assertEquals(2, call("GET", "/contacts?q=segment:big-" + m, agent, null).json().get("total").asInt());

        String shown = executeAs("segments:show big-" + m, Roles.AGENT);
        assertTrue(shown, shown.contains("spent>=100/365d") && shown.contains("Spent 100 this year"));
        String shell;
        try {
            shell = executeAs("segments:define small-" + m + " tag:" + m + " -segment:x", Roles.ANALYST);
        } catch (AssertionError e) {
            shell = e.getMessage();
        }
        assertTrue(shell, shell.contains("word 2, '-segment:x': a segment's condition cannot name another segment"));
        refused("segments:define small-" + m + " tag:" + m, Roles.AGENT);
        assertEquals(204, call("DELETE", "/segments/big-" + m, analyst, null).status());
        assertEquals(404, call("GET", "/segments/big-" + m, agent, null).status());
    }

    /**
     * A contact who objected to profiling is in no marketing segment (but in a service one), the
     * block is recorded with its reason, and an objection takes a member out within seconds.
     */
    @Test
    public void aContactWhoObjectedToProfilingIsInNoMarketingSegment() throws InterruptedException {
        String m = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        long[] ids = tagged(m, 2, agent);
        String objection = "{\"purpose\": \"profiling\", \"state\": \"withdrawn\", \"source\": \"phone call\"}";
        Reply objected = call("POST", "/contacts/" + ids[1] + "/consents", agent, objection);
        assertEquals(objected.body(), 201, objected.status());

        Reply marketing = call("PUT", "/segments/mkt-" + m, analyst, "{\"condition\":\"tag:" + m + "\"}");
        assertEquals(marketing.body(), 200, marketing.status());
        assertEquals("MARKETING", marketing.json().get("kind").asText());
        assertEquals(1, marketing.json().get("members").asInt());
        Reply service = call("PUT", "/segments/desk-" + m, analyst, "{\"condition\":\"tag:" + m + "\", "
                + "\"kind\":\"service\"}");
        assertEquals(service.body(), 2, service.json().get("members").asInt());
        Reply bad = call("PUT", "/segments/odd-" + m, analyst, "{\"condition\":\"tag:" + m + "\", \"kind\":\"sometimes\"}");
        assertEquals(bad.body(), 400, bad.status());
        assertTrue(bad.body(), bad.body().contains("'sometimes' is not a kind of segment"));
        JsonNode segments = call("GET", "/contacts/" + ids[1] + "/segments", agent, null).json().get("segments");
        assertEquals(segments.toString(), 1, segments.size());
        assertEquals("desk-" + m, segments.get(0).asText());
        String blocks = call("GET", "/privacy/blocks?contactId=" + ids[1], agent, null).body();
        assertTrue(blocks, blocks.contains("membership of segment 'mkt-" + m + "'")
                && blocks.contains("objected to profiling on "));

        // An objection lands on the timeline: the watcher takes the member out within seconds.
        assertEquals(201, call("POST", "/contacts/" + ids[0] + "/consents", agent, objection).status());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (call("GET", "/segments/mkt-" + m, agent, null).json().get("members").asInt() > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(0, call("GET", "/segments/mkt-" + m, agent, null).json().get("members").asInt());
        assertEquals(2, call("GET", "/segments/desk-" + m, agent, null).json().get("members").asInt());
        assertEquals(204, call("DELETE", "/segments/mkt-" + m, analyst, null).status());
        assertEquals(204, call("DELETE", "/segments/desk-" + m, analyst, null).status());
    }

    /** {@code n} new contacts tagged {@code tag}. */
    private long[] tagged(String tag, int n, String agent) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = call("POST", "/contacts", agent, "{\"email\":\"" + tag + i + "@example.com\",\"tags\":[\"" + tag
                    + "\"]}").json().get("id").asLong();
        }
        return ids;
    }
}

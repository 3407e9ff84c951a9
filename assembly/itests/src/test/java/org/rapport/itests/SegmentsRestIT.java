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
        long[] ids = new long[3];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = call("POST", "/contacts", agent, "{\"email\":\"" + m + i + "@example.com\",\"tags\":[\"" + m + "\"]}")
                    .json().get("id").asLong();
        }
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
}

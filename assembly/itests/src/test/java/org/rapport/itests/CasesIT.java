package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ApiKeyService;
import org.rapport.rest.security.IssuedApiKey;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The service desk over real HTTP against the running distribution: an agent opens a case and
 * answers it, its targets set by the shipped service rules with their decisions in the ledger; an
 * analyst reads but may not answer, a partner's key reads without the internal notes (the case's and
 * the contact's export, which an administrator gets complete); bad input and
 * a move the status forbids are refused naming the field; an agent moves a case between the queues they
 * see, over REST and in the shell. A queue only analysts see is not there for an
 * agent (404 as for an id never used); a closed case's survey is in its thread, and a survey link this
 * server did not sign changes nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CasesIT extends HttpTestSupport {

    @Inject
    ApiKeyService keys;

    private static String fieldsOf(Reply reply) {
        StringBuilder fields = new StringBuilder();
        reply.json().get("fields").forEach(f -> fields.append(f.get("field").asText()).append(' '));
        return fields.toString().strip();
    }

    @Test
    public void anAgentOpensAndAnswersACaseWithItsTargetsWhileAnAnalystAndAPartnerOnlyRead() {
        activeRelease("service");
        String m = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        long contact = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.com\"}").json().get("id").asLong();

        Reply bad = call("POST", "/cases", agent, "{\"subject\":\" \",\"contactId\":" + contact + ",\"channel\":\"pigeon\","
                + "\"message\":\"Hello\"}");
        assertEquals(bad.body(), 400, bad.status());
        assertEquals("subject channel", fieldsOf(bad));
        assertEquals(0, call("GET", "/cases?contactId=" + contact, agent, null).json().get("total").asLong());
        assertEquals(403, call("POST", "/cases", analyst, "{\"subject\":\"x\",\"contactId\":" + contact
                + ",\"message\":\"x\"}").status());

        Reply opened = call("POST", "/cases", agent, "{\"subject\":\"Parcel <b>lost</b> " + m + "\",\"contactId\":"
                + contact + ",\"channel\":\"chat\",\"priority\":\"high\",\"message\":\"Where is order 17?\"}");
        assertEquals(opened.body(), 201, opened.status());
        JsonNode c = opened.json();
        long id = c.get("id").asLong();
        assertEquals("stored and answered as the text it is", "Parcel <b>lost</b> " + m, c.get("subject").asText());
        assertEquals("enums answer by name, as everywhere in the API", "NEW", c.get("status").asText());
        assertEquals("SLA-010 A case from chat or the phone is answered within 1 business hour",
                c.get("firstResponseRule").asText());
        assertFalse(c.get("firstResponseDue").isNull());
        JsonNode why = call("GET", "/cases/" + id + "/decisions", analyst, null).json();
        assertEquals(why.toString(), 2, why.get("total").asInt());
        assertEquals("service", why.get("items").get(0).get("rulePackage").asText());
        String shellWhy = executeAs("rules:why case:" + id, Roles.ANALYST);
        assertTrue(shellWhy, shellWhy.contains("SLA-002 A high-priority case is answered within 4 business hours"));

        Reply reply = call("POST", "/cases/" + id + "/replies", agent, "{\"text\":\"It is on its way.\"}");
        assertEquals(reply.body(), 201, reply.status());
        assertEquals(403, call("POST", "/cases/" + id + "/replies", analyst, "{\"text\":\"Not mine to say\"}").status());
        assertEquals(201, call("POST", "/cases/" + id + "/notes", agent, "{\"text\":\"Courier " + m + " is late\"}")
                .status());
        JsonNode read = call("GET", "/cases/" + id, analyst, null).json();
        assertEquals("OPEN", read.get("details").get("status").asText());
        assertFalse(read.get("details").get("firstResponseAt").isNull());
        assertEquals(3, read.get("thread").size());
        assertEquals("REPLY", read.get("thread").get(1).get("kind").asText());
        assertEquals("itest-agent", read.get("thread").get(1).get("author").asText());

        IssuedApiKey key = keys.issue("itest cases reader " + m, Set.of("cases:read", "privacy:export"), "itest");
        try {
            Map<String, String> partner = Map.of("X-API-Key", key.secret());
            Reply seen = call("GET", "/cases/" + id, partner, null);
            assertEquals(seen.body(), 200, seen.status());
            assertFalse("no internal note for a partner", seen.body().contains("Courier " + m));
            assertEquals(2, seen.json().get("thread").size());
            assertEquals(403, call("POST", "/cases/" + id + "/replies", partner, "{\"text\":\"hi\"}").status());
            Reply exported = call("GET", "/contacts/" + contact + "/export", partner, null);
            assertEquals(exported.body(), 200, exported.status());
            assertTrue(exported.body(), exported.body().contains("It is on its way."));
            assertFalse("nor in the contact's export", exported.body().contains("Courier " + m));
            assertTrue("an administrator's export is complete", call("GET", "/contacts/" + contact + "/export",
                    basic(Roles.ADMIN), null).body().contains("Courier " + m));
        } finally {
            keys.revoke(key.key().id(), "itest");
        }

        Reply nobody = call("POST", "/cases/" + id + "/assignment", agent, "{\"assignee\":\"no-such-" + m + "\"}");
        assertEquals(nobody.body(), 400, nobody.status());
        assertEquals("assignee", fieldsOf(nobody));
        assertEquals("itest-agent", call("POST", "/cases/" + id + "/assignment", agent, "{\"assignee\":\"itest-agent\"}")
                .json().get("assignee").asText());
        // Moved to billing and back, by REST and the shell; not to the analysts' queue nor to no queue.
        Reply toBilling = call("POST", "/cases/" + id + "/queue", agent, "{\"queue\":\"billing\"}");
        assertEquals(toBilling.body(), 200, toBilling.status());
        assertEquals("billing", toBilling.json().get("queue").asText());
        assertEquals(403, call("POST", "/cases/" + id + "/queue", analyst, "{\"queue\":\"support\"}").status());
        Reply toTechnical = call("POST", "/cases/" + id + "/queue", agent, "{\"queue\":\"technical\"}");
        assertEquals(toTechnical.body(), 400, toTechnical.status());
        assertEquals("queue", fieldsOf(toTechnical));
        // Refused as a queue that does not exist, naming only the agent's queues: nothing tells it is there.
        Reply toNowhere = call("POST", "/cases/" + id + "/queue", agent, "{\"queue\":\"technica\"}");
        assertEquals(toNowhere.json().get("fields").toString().replace("'technica'", "'technical'"),
                toTechnical.json().get("fields").toString());
        assertFalse(toTechnical.body(), toTechnical.body().replace("'technical'", "").contains("technical"));
        Reply toNoQueue = call("POST", "/cases/" + id + "/queue", agent, "{}");
        assertEquals("queue", fieldsOf(toNoQueue));
        assertFalse(toNoQueue.body(), toNoQueue.body().contains("technical"));
        String movedBack = executeAs("cases:move " + id + " support", Roles.AGENT);
        assertTrue(movedBack, movedBack.contains("Case " + id + " is in queue support"));
        String thread = call("GET", "/cases/" + id, analyst, null).body();
        assertTrue(thread, thread.contains("queue: support -> billing") && thread.contains("queue: billing -> support"));
        assertEquals("CLOSED", call("POST", "/cases/" + id + "/transition", agent, "{\"status\":\"closed\"}").json()
                .get("status").asText());
        Reply reopen = call("POST", "/cases/" + id + "/transition", agent, "{\"status\":\"open\"}");
        assertEquals(reopen.body(), 400, reopen.status());
        assertEquals("status", fieldsOf(reopen));
        assertTrue(reopen.body(), reopen.body().contains("a closed case is final"));

        assertEquals(1, call("GET", "/cases?contactId=" + contact + "&status=closed", agent, null).json().get("total")
                .asLong());
        assertEquals("status", fieldsOf(call("GET", "/cases?status=bogus", agent, null)));
        JsonNode kpis = call("GET", "/cases/kpis", analyst, null).json();
        assertTrue(kpis.toString(), kpis.get("items").get(0).get("opened").asLong() >= 1);
        String timeline = call("GET", "/contacts/" + contact + "/timeline", agent, null).body();
        assertTrue(timeline, timeline.contains("support-case") && timeline.contains("support-reply"));
        String shown = executeAs("cases:show " + id, Roles.AGENT);
        assertTrue(shown, shown.contains("Parcel <b>lost</b> " + m) && shown.contains("It is on its way."));
    }

    @Test
    public void aSignedInboundSmsFromAContactOpensACaseAnAgentSees() throws Exception {
        String phone = "+1 555 " + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
        String agent = basic(Roles.AGENT);
        long contact = call("POST", "/contacts", agent, "{\"email\":\"sms-" + UUID.randomUUID() + "@example.com\","
                + "\"phone\":\"" + phone + "\"}").json().get("id").asLong();
        String body = "{\"id\": \"itest-" + UUID.randomUUID() + "\", \"from\": \"" + phone + "\", \"text\": "
                + "\"My router is broken again since this morning, the light blinks red and nothing loads\"}";
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Reply taken = call("POST", "/inbound/sms", Map.of("X-Rapport-Timestamp", timestamp, "X-Rapport-Signature",
                InboundIT.sign(timestamp, body)), body);
        assertEquals(taken.body(), 202, taken.status());
        long inboundId = taken.json().get("id").asLong();

        await("the SMS opened a case", () -> call("GET", "/cases?contactId=" + contact, agent, null).json().get("total")
                .asLong() == 1);
        JsonNode c = call("GET", "/cases?contactId=" + contact, agent, null).json().get("items").get(0);
        assertEquals("the first words of the SMS", "My router is broken again since this morning, the light...",
                c.get("subject").asText());
        assertEquals("phone", c.get("channel").asText());
        JsonNode first = call("GET", "/cases/" + c.get("id").asLong(), agent, null).json().get("thread").get(0);
        assertEquals("MESSAGE", first.get("kind").asText());
        assertEquals("customer", first.get("author").asText());
        assertEquals(inboundId, first.get("inboundId").asLong());
    }

    @Test
    public void anAgentOpensACaseFromAnUnmatchedInboundMessageInOneStepOnce() throws Exception {
        String phone = "+1 555 " + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
        String agent = basic(Roles.AGENT);
        String body = "{\"id\": \"itest-" + UUID.randomUUID() + "\", \"from\": \"" + phone + "\", \"text\": "
                + "\"Who do I call about my invoice?\"}";
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Reply taken = call("POST", "/inbound/sms", Map.of("X-Rapport-Timestamp", timestamp, "X-Rapport-Signature",
                InboundIT.sign(timestamp, body)), body);
        assertEquals(taken.body(), 202, taken.status());
        long inboundId = taken.json().get("id").asLong();
        String path = "/cases/from-inbound/" + inboundId;

        Reply refused = call("POST", path, agent, "{\"priority\": \"soon\"}");
        assertEquals(refused.body(), 400, refused.status());
        assertEquals("an SMS has no address to create a contact with", "contactId priority", fieldsOf(refused));
        assertEquals(403, call("POST", path, basic(Roles.ANALYST), "{}").status());
        IssuedApiKey key = keys.issue("itest from inbound " + inboundId, Set.of("cases:write", "cases:read"), "itest");
        try {
            assertEquals("no partner key", 403, call("POST", path, Map.of("X-API-Key", key.secret()), "{}").status());
        } finally {
            keys.revoke(key.key().id(), "itest");
        }
        assertEquals(404, call("POST", "/cases/from-inbound/999999999", agent, "{}").status());

        long contact = call("POST", "/contacts", agent, "{\"email\":\"unmatched-" + UUID.randomUUID()
                + "@example.com\"}").json().get("id").asLong();
        Reply opened = call("POST", path, agent, "{\"contactId\": " + contact + "}");
        assertEquals(opened.body(), 201, opened.status());
        long caseId = opened.json().get("details").get("id").asLong();
        assertEquals(contact, opened.json().get("details").get("contactId").asLong());
        JsonNode first = call("GET", "/cases/" + caseId, agent, null).json().get("thread").get(0);
        assertEquals("MESSAGE", first.get("kind").asText());
        assertEquals("Who do I call about my invoice?", first.get("text").asText());
        assertEquals(inboundId, first.get("inboundId").asLong());

        Reply again = call("POST", path, agent, "{}");
        assertEquals(again.body(), 200, again.status());
        assertEquals(caseId, again.json().get("details").get("id").asLong());
        assertEquals(1, call("GET", "/cases?contactId=" + contact, agent, null).json().get("total").asLong());
    }

    /**
     * The inbound log kept to the queues: a message on a case of the analysts' queue is read, by
     * path, in the list and in the shell, by an analyst and an administrator, and by no agent nor a
     * partner's key with {@code messages:read}, as if it never came in; while it was on no case,
     * everyone who reads the log read it.
     */
    @Test
    public void aMessageOnACaseOfAQueueAnAgentMayNotSeeIsNotOnTheirInboundLog() throws Exception {
        String words = "The router at depot " + UUID.randomUUID() + " is down";
        String body = "{\"id\": \"itest-" + UUID.randomUUID() + "\", \"from\": \"+1 555 0100\", \"text\": \"" + words + "\"}";
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Reply taken = call("POST", "/inbound/sms", Map.of("X-Rapport-Timestamp", timestamp, "X-Rapport-Signature",
                InboundIT.sign(timestamp, body)), body);
        assertEquals(taken.body(), 202, taken.status());
        long inboundId = taken.json().get("id").asLong();
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        String admin = basic(Roles.ADMIN);
        IssuedApiKey key = keys.issue("itest inbound " + inboundId, Set.of("messages:read"), "itest");
        Map<String, String> partner = Map.of("X-API-Key", key.secret());
        try {
            assertEquals("on no case, an agent reads it", 200, call("GET", "/inbound/" + inboundId, agent, null).status());
            long contact = call("POST", "/contacts", admin, "{\"email\":\"depot-" + UUID.randomUUID()
                    + "@example.com\"}").json().get("id").asLong();
            Reply opened = call("POST", "/cases/from-inbound/" + inboundId, admin, "{\"contactId\": " + contact
                    + ", \"queue\": \"technical\"}");
            assertEquals(opened.body(), 201, opened.status());

            Map<String, Boolean> reads = Map.of(agent, false, analyst, true, admin, true);
            reads.forEach((who, read) -> {
                assertEquals(who, read ? 200 : 404, call("GET", "/inbound/" + inboundId, who, null).status());
                assertEquals(who, read, call("GET", "/inbound?limit=200", who, null).body().contains(words));
            });
            Reply kept = call("GET", "/inbound/" + inboundId, partner, null);
            assertEquals(kept.body(), 404, kept.status());
            Reply never = call("GET", "/inbound/" + (inboundId + 1_000_000), partner, null);
            assertEquals("no existence leak", never.body().replace(Long.toString(inboundId + 1_000_000),
                    Long.toString(inboundId)), kept.body());
            assertFalse(call("GET", "/inbound?limit=200", partner, null).body().contains(words));
            assertFalse(executeAs("inbound:log --limit 200", Roles.AGENT).contains(words.substring(0, 40)));
            assertTrue(executeAs("inbound:log --limit 200", Roles.ANALYST).contains(words.substring(0, 40)));
        } finally {
            keys.revoke(key.key().id(), "itest");
        }
    }

    /**
     * The reply an administrator sent on a case of the analysts' queue, as communication's outbox keeps
     * it: read by path, in the list and in the shell by an analyst and an administrator; by no agent
     * nor a partner's key with {@code messages:read}, whose export of the contact names it by its id, not its queue.
     */
    private void repliesAsTheOutboxKeepsThemAreKeptToTheQueue(long contact, JsonNode messageId, String m) {
        assertFalse("the reply was queued", messageId == null || messageId.isNull());
        long message = messageId.asLong();
        Map<String, Boolean> reads = Map.of(basic(Roles.AGENT), false, basic(Roles.ANALYST), true, basic(Roles.ADMIN), true);
        reads.forEach((who, read) -> {
            assertEquals(who, read ? 200 : 404, call("GET", "/messages/" + message, who, null).status());
            assertEquals(who, read ? 1 : 0, call("GET", "/messages?contactId=" + contact, who, null).json().get("total")
                    .asLong());
        });
        assertEquals("an agent may not retry what they may not see", 404, call("POST", "/messages/" + message + "/retry",
                basic(Roles.AGENT), "{}").status());
        Reply never = call("GET", "/messages/" + (message + 1_000_000), basic(Roles.AGENT), null);
        assertEquals("no existence leak", never.body().replace(Long.toString(message + 1_000_000), Long.toString(message)),
                call("GET", "/messages/" + message, basic(Roles.AGENT), null).body());
        IssuedApiKey key = keys.issue("itest replies " + m, Set.of("messages:read", "privacy:export"), "itest");
        Map<String, String> partner = Map.of("X-API-Key", key.secret());
        try {
            assertEquals(404, call("GET", "/messages/" + message, partner, null).status());
            assertEquals(0, call("GET", "/messages?contactId=" + contact, partner, null).json().get("total").asLong());
            String exported = call("GET", "/contacts/" + contact + "/export", partner, null).body();
            assertTrue(exported, exported.contains("kept by service"));
            assertFalse("the queue kept from the key is not named", exported.contains("\"technical\""));
            assertFalse(exported, exported.contains("See the note"));
        } finally {
            keys.revoke(key.key().id(), "itest");
        }
        assertFalse(executeAs("messages:log --contact " + contact, Roles.AGENT).contains("case-reply"));
        assertTrue(executeAs("messages:log --contact " + contact, Roles.ANALYST).contains("case-reply"));
    }

    @Test
    public void aQueueOnlyAnalystsSeeIsNotThereForAnAgentAndASurveyLinkNotOursChangesNothing() {
        String m = "q" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        String admin = basic(Roles.ADMIN);
        long contact = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.com\"}").json().get("id").asLong();
        Reply refused = call("POST", "/cases", agent, "{\"subject\":\"Router\",\"contactId\":" + contact
                + ",\"queue\":\"technical\",\"message\":\"Down\"}");
        assertEquals(refused.body(), 400, refused.status());
        assertEquals("queue", fieldsOf(refused));
        Reply opened = call("POST", "/cases", admin, "{\"subject\":\"Router " + m + "\",\"contactId\":" + contact
                + ",\"queue\":\"technical\",\"message\":\"Down\"}");
        assertEquals(opened.body(), 201, opened.status());
        long id = opened.json().get("id").asLong();

        Reply hidden = call("GET", "/cases/" + id, agent, null);
        Reply never = call("GET", "/cases/" + (id + 100000), agent, null);
        assertEquals(404, hidden.status());
        assertEquals("no existence leak", never.body().replace(Long.toString(id + 100000), Long.toString(id)),
                hidden.body());
        assertEquals(404, call("POST", "/cases/" + id + "/replies", agent, "{\"text\":\"hi\"}").status());
        assertEquals(404, call("GET", "/cases/" + id + "/attachments", agent, null).status());
        assertEquals(0, call("GET", "/cases/" + id + "/attachments", analyst, null).json().get("total").asLong());
        assertEquals(404, call("GET", "/cases/" + id + "/attachments/1", analyst, null).status());
        Reply badFile = call("POST", "/cases/" + id + "/replies", admin, "{\"text\":\"See\",\"attachments\":[{\"name\":"
                + "\"x.html\",\"contentType\":\"text/html\",\"content\":\"PGI+\"}]}");
        assertEquals(badFile.body(), 400, badFile.status());
        assertEquals("attachments[0]", fieldsOf(badFile));
        Reply withFile = call("POST", "/cases/" + id + "/replies", admin, "{\"text\":\"See the note\",\"attachments\":"
                + "[{\"name\":\"../note <1>.txt\",\"contentType\":\"text/plain\",\"content\":\"aGVsbG8=\"}]}");
        assertEquals(withFile.body(), 201, withFile.status());
        repliesAsTheOutboxKeepsThemAreKeptToTheQueue(contact, withFile.json().get("messageId"), m);
        // The reply's path takes a body larger than the API's 1 MiB, for its files, up to its own limit.
        String pdf = java.util.Base64.getEncoder().encodeToString(new byte[3 << 20]);
        Reply large = call("POST", "/cases/" + id + "/replies", admin, "{\"text\":\"The manual\",\"attachments\":"
                + "[{\"name\":\"manual.pdf\",\"contentType\":\"application/pdf\",\"content\":\"" + pdf + "\"}]}");
        assertEquals("3 MiB in a body of 4 MiB: " + large.body(), 201, large.status());
        JsonNode kept = call("GET", "/cases/" + id + "/attachments", analyst, null).json().get("items").get(0);
        assertEquals("note _1_.txt", kept.get("name").asText());
        Reply file = call("GET", "/cases/" + id + "/attachments/" + kept.get("id").asLong(), analyst, null);
        assertEquals(200, file.status());
        assertEquals("hello", file.body());
        assertEquals("nosniff", file.raw().headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(file.raw().headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; "));
        assertEquals(404, call("GET", "/cases/" + id + "/attachments/" + kept.get("id").asLong(), agent, null).status());
        assertEquals(404, call("POST", "/cases/" + id + "/assignment", agent, "{\"assignee\":\"itest-agent\"}")
                .status());
        assertEquals("an agent does not take a case from a queue they do not see", 404, call("POST", "/cases/" + id
                + "/queue", agent, "{\"queue\":\"support\"}").status());
        assertEquals(0, call("GET", "/cases?contactId=" + contact, agent, null).json().get("total").asLong());
        assertEquals(1, call("GET", "/cases?contactId=" + contact, analyst, null).json().get("total").asLong());
        assertFalse(call("GET", "/cases/kpis", agent, null).body().contains("\"technical\""));
        assertEquals("the queues an agent may open a case in or move one to", "[\"support\",\"billing\"]",
                call("GET", "/cases/queues", agent, null).json().get("items").toString());
        assertEquals("[\"support\",\"billing\",\"technical\"]",
                call("GET", "/cases/queues", analyst, null).json().get("items").toString());
        Reply toAgent = call("POST", "/cases/" + id + "/assignment", admin, "{\"assignee\":\"itest-agent\"}");
        assertEquals(toAgent.body(), 400, toAgent.status());
        assertEquals("assignee", fieldsOf(toAgent));
        try {
            executeAs("cases:show " + id, Roles.AGENT);
            fail("an agent was shown a case of the analysts' queue");
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("no case with id " + id));
        }

        // Closing the case surveys its contact; without consent (or a channel) the survey is held back, in the thread.
        assertEquals("CLOSED", call("POST", "/cases/" + id + "/transition", admin, "{\"status\":\"closed\"}").json()
                .get("status").asText());
        await("the survey's fate is in the thread", () -> call("GET", "/cases/" + id, analyst, null).body()
                .contains("\"SURVEY\""));
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        Reply forged = call("POST", "/surveys/" + id + "-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", form, "score=5");
        assertEquals(forged.body(), 404, forged.status());
        assertEquals(404, call("GET", "/surveys/not-a-token", Map.of(), null).status());
        assertEquals(400, call("POST", "/surveys/" + id + "-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", form, "score=9")
                .status());
    }
}

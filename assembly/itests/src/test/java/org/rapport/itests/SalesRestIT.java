package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;
import org.rapport.rules.api.Release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sales over real HTTP against the running distribution: a public web form's lead (its consent kept until conversion),
 * bots refused, scoring by the shipped rules, conversion, a stage move and the forecast; a lead
 * whose contact objected to profiling left unscored, opportunity lines, and a deal found stalled by
 * a rule and cleared by activity.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SalesRestIT extends HttpTestSupport {

    private static String fieldsOf(Reply reply) {
        StringBuilder fields = new StringBuilder();
        reply.json().get("fields").forEach(f -> fields.append(f.get("field").asText()).append(' '));
        return fields.toString().strip();
    }

    @Test
    public void aWebFormsLeadIsScoredConvertedAndForecast() throws InterruptedException {
        String m = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        long contact = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@acme-" + m + ".example\"}").json()
                .get("id").asLong();

        // The form is issued to anyone, with a signed start time; an unknown form is not.
        assertEquals(404, call("GET", "/forms/no-such-form", (String) null, null).status());
        Reply issued = call("GET", "/forms/website-contact", (String) null, null);
        assertEquals(issued.body(), 200, issued.status());
        String started = issued.json().get("started").asText();
        String form = "{\"name\":\"Ada " + m + "\",\"email\":\"" + m + "@acme-" + m + ".example\",\"company\":\"Acme\","
                + "\"answers\":{\"budget\":\"over-10k\"},\"consents\":[\"marketing\"],\"started\":\"" + started + "\"";
        // Bots: the hidden field filled in, or the form sent back at once.
        Reply honeypot = call("POST", "/forms/website-contact/leads", (String) null, form + ",\"website\":\"x\"}");
        assertEquals(honeypot.body(), 400, honeypot.status());
        assertEquals("website", fieldsOf(honeypot));
        Reply tooFast = call("POST", "/forms/website-contact/leads", (String) null, form + "}");
        assertEquals(tooFast.body(), 400, tooFast.status());
        assertEquals("started", fieldsOf(tooFast));
        assertEquals(0, call("GET", "/leads?status=open&limit=500", agent, null).json().get("items").findValues("email")
                .stream().filter(e -> e.asText().startsWith(m)).count());
        // A person takes a few seconds.
        Reply sent = tooFast;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sent.status() != 201 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            sent = call("POST", "/forms/website-contact/leads", (String) null, form + "}");
        }
        assertEquals(sent.body(), 201, sent.status());
        assertEquals("{\"received\":true}", sent.body());
        Reply bad = call("POST", "/forms/website-contact/leads", (String) null, "{\"name\":\" \",\"email\":\"nope\","
                + "\"started\":\"" + started + "\"}");
        assertEquals(bad.body(), 400, bad.status());
        assertEquals("name email", fieldsOf(bad));

        // Linked to the contact, scored by the shipped rules (address 10, company 10, web form 10, budget 20).
        JsonNode lead = null;
        for (JsonNode l : call("GET", "/leads?status=open&limit=500", agent, null).json().get("items")) {
            if (l.get("email").asText().startsWith(m)) {
                lead = l;
            }
        }
        assertTrue("the form's lead is listed", lead != null);
        assertEquals(contact, lead.get("contactId").asLong());
        assertEquals(50, lead.get("score").asInt());
        assertEquals("B", lead.get("grade").asText());
        assertEquals("inside-sales", lead.get("queue").asText());
        // Anyone may send the public form with a contact's address: its consent waits with the lead until conversion.
        JsonNode consents = call("GET", "/contacts/" + contact + "/consents", agent, null).json();
        assertFalse(consents.toString(), consents.toString().contains("web form website-contact"));
        JsonNode why = call("GET", "/leads/" + lead.get("id").asLong() + "/decisions", agent, null).json();
        assertEquals(why.toString(), 6, why.get("total").asInt());
        String shellWhy = executeAs("rules:why lead:" + lead.get("id").asLong(), Roles.ANALYST);
        assertTrue(shellWhy, shellWhy.contains("SCORE-020 A budget over 10,000 earns 20 points"));

        // An agent's lead: refused field by field, storing nothing, then captured and converted.
        long before = call("GET", "/leads", agent, null).json().get("total").asLong();
        Reply refused = call("POST", "/leads", agent, "{\"name\":\"Bo\",\"email\":\"bo@\",\"source\":\"Bad Source\"}");
        assertEquals(refused.body(), 400, refused.status());
        assertEquals("email source", fieldsOf(refused));
        assertEquals(before, call("GET", "/leads", agent, null).json().get("total").asLong());
        assertEquals(403, call("POST", "/leads", analyst, "{\"name\":\"Bo\",\"email\":\"bo@x.example\",\"source\":\"event\"}")
                .status());
        Reply captured = call("POST", "/leads", agent, "{\"name\":\"Bo " + m + "\",\"email\":\"bo@newco-" + m
                + ".example\",\"company\":\"NewCo " + m + "\",\"source\":\"referral\",\"owner\":\"itest-agent\"}");
        assertEquals(captured.body(), 201, captured.status());
        assertEquals("partners", captured.json().get("queue").asText());
        LocalDate close = LocalDate.now(ZoneOffset.UTC).plusMonths(1).withDayOfMonth(15);
        Reply converted = call("POST", "/leads/" + captured.json().get("id").asLong() + "/conversion", agent,
                "{\"amount\":12000.00,\"expectedClose\":\"" + close + "\"}");
        assertEquals(converted.body(), 201, converted.status());
        assertTrue(converted.json().get("contactCreated").asBoolean());
        JsonNode opportunity = converted.json().get("opportunity");
        assertEquals("prospecting", opportunity.get("stage").asText());
        long id = opportunity.get("id").asLong();

        // A stage move, in the history; the forecast weighs the amount by the stage's probability.
        Reply noReason = call("POST", "/opportunities/" + id + "/stage", agent, "{\"stage\":\"lost\"}");
        assertEquals(noReason.body(), 400, noReason.status());
        assertEquals("reason", fieldsOf(noReason));
        Reply moved = call("POST", "/opportunities/" + id + "/stage", agent, "{\"stage\":\"proposal\",\"nextStep\":\"demo\"}");
        assertEquals(moved.body(), 200, moved.status());
        assertEquals(50, moved.json().get("probability").asInt());
        assertEquals(2, call("GET", "/opportunities/" + id + "/history", agent, null).json().get("total").asInt());
        JsonNode listed = call("GET", "/opportunities?stage=proposal&owner=itest-agent&closeMonth=" + YearMonth.from(close),
                analyst, null).json();
        assertEquals(listed.toString(), 1, listed.get("total").asInt());
        assertEquals(400, call("GET", "/opportunities?closeMonth=soon", analyst, null).status());
        JsonNode forecast = call("GET", "/pipeline/forecast?from=" + YearMonth.from(close) + "&to=" + YearMonth.from(close)
                + "&owner=itest-agent", analyst, null).json().get("items");
        assertEquals(forecast.toString(), 1, forecast.size());
        assertEquals(12000.00, forecast.get(0).get("amount").asDouble(), 0.001);
        assertEquals(6000.00, forecast.get(0).get("weighted").asDouble(), 0.001);
        // CSV content: every refused row named by number and column, a dry run storing nothing.
        Reply imported = call("POST", "/leads/import?dryRun=true", java.util.Map.of("Authorization", agent,
                "Content-Type", "text/csv"), "name,email\nCy " + m + ",cy@" + m + ".example\nNo Mail,nope\n");
        assertEquals(imported.body(), 200, imported.status());
        assertEquals(1, imported.json().get("imported").asInt());
        assertEquals(3, imported.json().get("errors").get(0).get("row").asInt());
        assertEquals("email", imported.json().get("errors").get(0).get("column").asText());
        String pipeline = executeAs("sales:pipeline --owner itest-agent --from " + YearMonth.from(close), Roles.ANALYST);
        assertTrue(pipeline, pipeline.contains("6000.00"));
    }

    @Test
    public void aLeadWhoseContactObjectedIsNotScoredAndAnIdleDealIsFoundStalled() throws Exception {
        String m = "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        Release before = activeRelease("sales");

        // Scoring is profiling: the consent gate keeps an objector's lead from the rules, and records it.
        long objector = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@acme-" + m + ".example\"}").json()
                .get("id").asLong();
        Reply objected = call("POST", "/contacts/" + objector + "/consents", agent, "{\"purpose\": \"profiling\", "
                + "\"state\": \"withdrawn\", \"source\": \"letter\"}");
        assertEquals(objected.body(), 201, objected.status());
        Reply lead = call("POST", "/leads", agent, "{\"name\":\"Ob " + m + "\",\"email\":\"" + m + "@acme-" + m
                + ".example\",\"company\":\"Acme\",\"source\":\"referral\"}");
        assertEquals(lead.body(), 201, lead.status());
        assertEquals(objector, lead.json().get("contactId").asLong());
        assertTrue(lead.body(), lead.json().get("score").isNull());
        assertTrue(lead.body(), lead.json().get("grade").isNull());
        assertEquals("inside-sales", lead.json().get("queue").asText());
        assertEquals(0, call("GET", "/leads/" + lead.json().get("id").asLong() + "/decisions", agent, null).json()
                .get("total").asInt());
        String blocks = call("GET", "/privacy/blocks?contactId=" + objector, agent, null).body();
        assertTrue(blocks, blocks.contains("lead scoring"));
        // A preview of the sales rules leaves her lead out too, and says so.
        JsonNode active = call("GET", "/rules/sales/releases/" + before.version(), analyst, null).json().get("files");
        Reply preview = call("POST", "/rules/sales/preview", analyst, JSON.writeValueAsString(Map.of("files", active)));
        assertEquals(preview.body(), 200, preview.status());
        assertTrue(preview.body(), preview.json().path("leftOut").path("blocked by the consent gate for purpose "
                + "'profiling'").asLong() >= 1);
        String previewBlocks = call("GET", "/privacy/blocks?contactId=" + objector, agent, null).body();
        assertTrue(previewBlocks, previewBlocks.contains("rule preview"));

        // An opportunity with lines: a bad line refused by index and field, good ones make the amount.
        long id = call("POST", "/leads/" + lead.json().get("id").asLong() + "/conversion", agent, "{}").json()
                .get("opportunity").get("id").asLong();
        Reply badLines = call("PUT", "/opportunities/" + id + "/lines", agent,
                "{\"lines\":[{\"sku\":\"W-1\",\"quantity\":0,\"unitPrice\":5}]}");
        assertEquals(badLines.body(), 400, badLines.status());
        assertEquals("lines[0].quantity", fieldsOf(badLines));
        Reply lines = call("PUT", "/opportunities/" + id + "/lines", agent,
                "{\"lines\":[{\"sku\":\"W-1\",\"name\":\"Widget\",\"quantity\":3,\"unitPrice\":19.90}]}");
        assertEquals(lines.body(), 200, lines.status());
        assertEquals(59.70, lines.json().get("amount").asDouble(), 0.001);

        // A deal is stalled when the rules say so: a rule for this one deal, whatever its idle days.
        try {
            ObjectNode files = call("GET", "/rules/sales/releases/" + before.version(), analyst, null).json().get("files")
                    .deepCopy();
            files.put("itest.drl", "package rapport.sales;\nimport org.rapport.sales.facts.OpportunityActivity;\n"
                    + "import org.rapport.sales.facts.SalesDecisions;\nglobal org.rapport.rules.api.Decisions decisions;\n"
                    + "rule \"STALL-900 The itest's deal is stalled\"\nwhen\n    $o : OpportunityActivity( opportunityId == "
                    + id + ", owner == \"itest-agent\", idleDays < 14 )\nthen\n"
                    + "    decisions.decide(SalesDecisions.STALLED, $o.getSubject()).with(SalesDecisions.AFTER_DAYS, 0);\nend\n");
            files.put("itest.scenarios.yaml", "- scenario: the itest's deal\n  given:\n    - OpportunityActivity: "
                    + "{opportunityId: " + id + ", stage: prospecting, idleDays: 0, owner: itest-agent}\n  expect:\n"
                    + "    - sales.stalled: {subject: \"opportunity:" + id + "\", afterDays: 0}\n");
            Reply deployed = call("PUT", "/rules/sales", analyst, JSON.writeValueAsString(Map.of("files", files)));
            assertEquals(deployed.body(), 200, deployed.status());
            assertEquals(403, call("POST", "/pipeline/stalled/check", agent, null).status());
            Reply checked = call("POST", "/pipeline/stalled/check", analyst, null);
            assertEquals(checked.body(), 200, checked.status());
            JsonNode stalled = call("GET", "/pipeline/stalled?owner=itest-agent", agent, null).json();
            assertEquals(stalled.toString(), 1, stalled.get("total").asInt());
            assertEquals(id, stalled.get("items").get(0).get("opportunity").get("id").asLong());
            assertEquals("STALL-900 The itest's deal is stalled", stalled.get("items").get(0).get("rule").asText());
            String shown = executeAs("sales:pipeline --owner itest-agent", Roles.AGENT);
            assertTrue(shown, shown.contains("STALL-900"));

            // Activity clears it.
            call("POST", "/opportunities/" + id + "/stage", agent, "{\"stage\":\"proposal\"}");
            assertEquals(0, call("GET", "/pipeline/stalled?owner=itest-agent", agent, null).json().get("total").asInt());
        } finally {
            call("POST", "/rules/sales/rollback", analyst, "{\"version\": " + before.version() + "}");
        }
    }
}

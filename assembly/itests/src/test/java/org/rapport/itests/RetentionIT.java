package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ApiKeyService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Retention in the assembled product, with the shipped retention rules from the hot folder:
 * feedback and complaints raise episodes as they arrive, a sweep finds a lapsed buyer and the
 * win-back email reaches an SMTP server after the consent gate, agents see tasks, analysts see
 * KPIs, over HTTP and the shell.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RetentionIT extends HttpTestSupport {

    @Inject
    ContactService contacts;
    @Inject
    ApiKeyService keys;

    @Test
    public void customersAtRiskAreFoundActedOnAndCounted() throws Exception {
        activeRelease("retention");
        String agent = basic(Roles.AGENT);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        long unhappy = contacts.create(new NewContact("unhappy-" + unique + "@example.com", "Una", "Happy")).id();
        long lapsed = contacts.create(new NewContact("lapsed-" + unique + "@example.com", "Lapsed", "Buyer")).id();

        Reply feedback = call("POST", "/feedback", agent, "{\"contactId\": " + unhappy + ", \"kind\": \"nps\", "
                + "\"score\": 1, \"comment\": \"Never again\"}");
        assertEquals(feedback.body(), 201, feedback.status());
        Reply badFeedback = call("POST", "/feedback", agent, "{\"contactId\": " + unhappy + ", \"kind\": \"nps\", \"score\": 12}");
        assertEquals(badFeedback.body(), 400, badFeedback.status());
        assertEquals("score", badFeedback.json().get("fields").get(0).get("field").asText());
        JsonNode customer = call("GET", "/retention/contacts/" + unhappy, agent, null).json();
        assertEquals(customer.toString(), "low-satisfaction", customer.get("episodes").get(0).get("trigger").asText());
        assertEquals(customer.toString(), "high", customer.get("episodes").get(0).get("risk").asText());
        assertEquals(customer.toString(), 1, customer.get("activity").get("lastNps").asInt());

        call("POST", "/contacts/" + unhappy + "/interactions", agent, "{\"channel\": \"phone\", \"direction\": \"inbound\", "
                + "\"type\": \"complaint\", \"summary\": \"parcel lost\"}");
        await("the complaint raises an episode", () -> call("GET", "/retention/contacts/" + unhappy, agent, null).json()
                .get("episodes").toString().contains("\"complaint\""));
        JsonNode tasks = call("GET", "/retention/tasks?queue=customer-care", agent, null).json().get("items");
        assertTrue(tasks.toString(), tasks.toString().contains("\"contactId\":" + unhappy));
        long task = tasks.get(0).get("id").asLong();
        Reply done = call("PUT", "/retention/tasks/" + task, agent, "{\"status\": \"done\", \"note\": \"refunded\"}");
        assertEquals(done.body(), "DONE", done.json().get("status").asText());
        assertTrue(call("GET", "/retention/tasks?status=done", agent, null).body().contains("\"note\":\"refunded\""));
        String audited = call("GET", "/audit?subject=contact%20" + unhappy, basic(Roles.ADMIN), null).body()
                + call("GET", "/audit?subject=task%20" + task, basic(Roles.ADMIN), null).body();
        assertTrue(audited, audited.contains("\"action\":\"feedback.record\"") && audited.contains("NPS 1: Never again")
                && audited.contains("\"action\":\"retention.task\"") && audited.contains("done, note: refunded"));

        try (SmtpSink smtp = new SmtpSink(Integer.parseInt(System.getProperty(SMTP_PORT)))) {
            call("POST", "/contacts/" + lapsed + "/consents", agent, "{\"purpose\": \"marketing\", \"state\": \"granted\", "
                    + "\"source\": \"itest\"}");
            Reply bought = call("POST", "/loyalty/purchases", agent, "{\"contactId\": " + lapsed + ", \"eventId\": \"R-"
                    + unique + "\", \"amount\": 30.00, \"occurredAt\": \"" + Instant.now().minus(Duration.ofDays(200)) + "\"}");
            assertEquals(bought.body(), 201, bought.status());
            await("the purchase reaches retention", () -> call("GET", "/retention/contacts/" + lapsed, agent, null).json()
                    .get("activity").path("daysSinceLastPurchase").asInt() == 200);

            Reply started = call("POST", "/retention/sweeps", basic(Roles.ANALYST), null);
            assertEquals(started.body(), 202, started.status());
            long sweep = started.json().get("id").asLong();
            await("sweep " + sweep + " is done", () -> call("GET", "/retention/sweeps/" + sweep, basic(Roles.ANALYST), null)
                    .json().get("status").asText().equals("DONE"));
            JsonNode lapse = call("GET", "/retention/contacts/" + lapsed, agent, null).json().get("episodes").get(0);
            assertEquals(lapse.toString(), "no-purchase", lapse.get("trigger").asText());
            assertEquals(lapse.toString(), "RTN-001 No purchase in 120 days", lapse.get("rule").asText());
            await("the win-back email is sent", () -> smtp.received().stream().anyMatch(m -> m.to().contains(
                    "<lapsed-" + unique + "@example.com>")));
            String mail = smtp.received().stream().filter(m -> m.to().contains("<lapsed-" + unique + "@example.com>"))
                    .findFirst().orElseThrow().data();
            assertTrue(mail, mail.contains("Subject: We miss you, Lapsed"));

            Reply again = call("POST", "/retention/sweeps", basic(Roles.ANALYST), null);
            long second = again.json().get("id").asLong();
            await("sweep " + second + " is done", () -> call("GET", "/retention/sweeps/" + second, basic(Roles.ANALYST),
                    null).json().get("status").asText().equals("DONE"));
            assertEquals("a second sweep raises nothing new", 0, call("GET", "/retention/sweeps/" + second,
                    basic(Roles.ANALYST), null).json().get("opened").asInt());
        }

        JsonNode atRisk = call("GET", "/retention/at-risk?limit=500", agent, null).json();
        assertTrue(atRisk.toString(), atRisk.get("total").asInt() >= 3);
        JsonNode kpis = call("GET", "/retention/kpis?by=quarter", basic(Roles.ANALYST), null).json().get("items");
        assertTrue(kpis.toString(), kpis.get(kpis.size() - 1).get("atRisk").asInt() >= 0);
        assertEquals(400, call("GET", "/retention/kpis?from=last-year", basic(Roles.ANALYST), null).status());
        assertEquals(403, call("POST", "/retention/sweeps", agent, null).status());
        Map<String, String> surveyTool = Map.of("X-API-Key", keys.issue("itest survey tool", Set.of("feedback:write"),
                "itest").secret());
        assertEquals(201, call("POST", "/feedback", surveyTool, "{\"contactId\": " + lapsed + ", \"kind\": \"csat\", "
                + "\"score\": 5}").status());
        assertEquals(403, call("GET", "/retention/at-risk", surveyTool, null).status());

        String jobs = execute("scheduler:list");
        assertTrue("the daily sweep, the nightly loyalty run, the retention run and the segments' refresh are "
                + "scheduled: " + jobs, jobs.contains("0 0 4 * * ?") && jobs.contains("0 30 2 * * ?")
                && jobs.contains("0 30 3 * * ?") && jobs.contains("0 0 3 * * ?"));
        String shell = executeAs("retention:at-risk", Roles.AGENT);
        assertTrue(shell, shell.contains("low-satisfaction") && shell.contains("no-purchase"));
        String figures = executeAs("retention:kpis --quarters", Roles.ANALYST);
        assertTrue(figures, figures.contains("Retention") && figures.contains("-Q"));
    }

    /** A customer who objected to profiling is not evaluated: a complaint opens no episode and gives agents no task. */
    @Test
    public void aCustomerWhoObjectedToProfilingGetsNoRetentionTask() throws Exception {
        activeRelease("retention");
        String agent = basic(Roles.AGENT);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        long objector = contacts.create(new NewContact("objector-" + unique + "@example.com", "Ob", "Jector")).id();
        Reply objected = call("POST", "/contacts/" + objector + "/consents", agent, "{\"purpose\": \"profiling\", "
                + "\"state\": \"withdrawn\", \"source\": \"letter\"}");
        assertEquals(objected.body(), 201, objected.status());

        call("POST", "/contacts/" + objector + "/interactions", agent, "{\"channel\": \"phone\", \"direction\": "
                + "\"inbound\", \"type\": \"complaint\", \"summary\": \"late again\"}");
        await("the complaint's evaluation is blocked", () -> call("GET", "/privacy/blocks?contactId=" + objector, agent,
                null).body().contains("retention evaluation"));

        String blocks = call("GET", "/privacy/blocks?contactId=" + objector, agent, null).body();
        assertTrue(blocks, blocks.contains("objected to profiling on "));
        JsonNode customer = call("GET", "/retention/contacts/" + objector, agent, null).json();
        assertEquals(customer.toString(), 0, customer.get("episodes").size());
        assertEquals(customer.toString(), 0, customer.get("tasks").size());
        Reply evaluated = call("POST", "/retention/contacts/" + objector + "/evaluation", agent, null);
        assertTrue(evaluated.body(), evaluated.status() < 300);
        assertEquals(0, call("GET", "/retention/contacts/" + objector, agent, null).json().get("episodes").size());
    }
}

package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import java.util.List;
import java.util.UUID;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Messages to customers over real HTTP against the running distribution.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class MessagesRestIT extends ContactTestSupport {

    /**
     * A message to a customer in the assembled product: a template written over HTTP, consent
     * recorded, the message queued by an agent, checked by the consent gate when it leaves and
     * handed over in a real SMTP conversation, then found in the log, on the timeline and in the
     * channel's counts. A contact without consent gets nothing, and the block is logged.
     */
    @Test
    public void aMessageLeavesBySmtpOnlyWithConsent() throws Exception {
        try (SmtpSink smtp = new SmtpSink(Integer.parseInt(System.getProperty(SMTP_PORT)))) {
            String agent = basic(Roles.AGENT);
            Reply template = call("PUT", "/messages/templates/itest-welcome/en", basic(Roles.ANALYST),
                    "{\"subject\": \"Welcome, {{firstName}}\", \"body\": \"Hello {{displayName}},\\nyour code is "
                    + "{{var.code}}.\\n\", \"html\": \"<p>Hello <b>{{displayName}}</b>,</p>\\n<p>your code is "
                    + "{{var.code}}.</p>\"}");
            assertEquals(template.body(), 200, template.status());
            assertEquals(template.body(), "<p>Hello <b>{{displayName}}</b>,</p>\n<p>your code is {{var.code}}.</p>",
                    template.json().get("html").asText());
            Reply scripted = call("PUT", "/messages/templates/itest-scripted/en", basic(Roles.ANALYST),
                    "{\"body\": \"Hi\", \"html\": \"<p>Hi</p>\\n<img src=\\\"https://x.example/a.png\\\" "
                    + "onerror=\\\"alert(1)\\\">\"}");
            assertEquals(scripted.body(), 400, scripted.status());
            assertTrue(scripted.body(), scripted.body().contains("template 'itest-scripted' (en) html: line 2: "
                    + "event-handler attribute onerror on <img> is not allowed"));
            assertEquals(404, call("GET", "/messages/templates/itest-scripted/en", basic(Roles.ANALYST), null).status());
            Reply badTemplate = call("PUT", "/messages/templates/itest-bad/en", basic(Roles.ANALYST),
                    "{\"subject\": \"Hi\", \"body\": \"Dear {{nmae}}\"}");
            assertEquals(badTemplate.body(), 400, badTemplate.status());
            assertTrue(badTemplate.body(), badTemplate.body().contains("body line 1: unknown placeholder {{nmae}}"));
            call("POST", "/contacts/" + contactId + "/consents", agent, "{\"purpose\": \"marketing\", "
                    + "\"state\": \"granted\", \"source\": \"itest\"}");
            String message = "{\"contactId\": " + contactId + ", \"channel\": \"email\", \"template\": \"itest-welcome\", "
                    + "\"purpose\": \"marketing\", \"variables\": {\"code\": \"X42\"}, \"reference\": \"itest-"
                    + UUID.randomUUID() + "\"}";

            Reply queued = call("POST", "/messages", agent, message);
            assertEquals(queued.body(), 201, queued.status());
            long id = queued.json().get("id").asLong();
            Reply again = call("POST", "/messages", agent, message);
            assertEquals("the same reference is the same message", 200, again.status());
            assertEquals(id, again.json().get("id").asLong());
            await("message " + id + " is sent", () -> call("GET", "/messages/" + id, agent, null).json().get("status")
                    .asText().equals("SENT"));

            assertEquals(1, smtp.received().size());
            SmtpSink.Received mail = smtp.received().get(0);
            String email = contacts.find(contactId).orElseThrow().email();
            assertEquals(List.of("<" + email + ">"), mail.to());
            assertTrue(mail.data(), mail.data().contains("Subject: Welcome, Rest"));
            assertTrue(mail.data(), mail.data().contains("X-Rapport-Message: " + id));
            assertTrue(mail.data(), mail.data().contains("your code is X42."));
            assertTrue(mail.data(), mail.data().contains("Content-Type: multipart/alternative"));
            assertTrue(mail.data(), mail.data().indexOf("Content-Type: text/plain; charset=UTF-8")
                    < mail.data().indexOf("Content-Type: text/html; charset=UTF-8"));
            assertTrue(mail.data(), mail.data().contains("<p>your code is X42.</p>"));
            await("the message is on the timeline", () -> call("GET", "/contacts/" + contactId + "/timeline", agent,
                    null).json().get("items").toString().contains("\"type\":\"message\""));

            long stranger = contacts.create(new NewContact("no-consent-" + UUID.randomUUID() + "@example.com", "No", "Consent"))
                    .id();
            long blocked = call("POST", "/messages", agent, message.replace("\"contactId\": " + contactId,
                    "\"contactId\": " + stranger).replace("\"reference\": \"itest-", "\"reference\": \"itest-b-")).json()
                    .get("id").asLong();
            await("message " + blocked + " is blocked", () -> call("GET", "/messages/" + blocked, agent, null).json()
                    .get("status").asText().equals("BLOCKED"));
            assertEquals("nothing reached the contact without consent", 1, smtp.received().size());

            JsonNode channels = call("GET", "/channels", basic(Roles.ANALYST), null).json().get("items");
            assertEquals(channels.toString(), "email", channels.get(0).get("name").asText());
            assertTrue(channels.toString(), channels.get(0).get("registered").asBoolean());
            assertTrue(channels.toString(), channels.get(0).get("sent").asLong() >= 1);
            JsonNode log = call("GET", "/messages?contactId=" + contactId, agent, null).json();
            assertEquals(log.toString(), 1, log.get("total").asInt());
            String shell = executeAs("messages:log --contact " + stranger, Roles.AGENT);
            assertTrue(shell, shell.contains("blocked") && shell.contains("no consent recorded for marketing by email"));
        }
    }
}

package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.internet.MimeMessage;

import org.junit.Test;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Interaction;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * The outbox against a real Derby database, a real SMTP server (GreenMail) and a real HTTP
 * endpoint, with the real consent gate: what is sent, in which language, when the gate is asked,
 * checks, erasure and retention.
 */
@Category(UsesDatabase.class)
public class MessageServiceImplTest extends MessageFixture {

    @Test
    public void anEmailGoesOutOverSmtpInTheContactsLanguageAndLandsOnTheTimeline() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        grant(ada, "marketing", Channel.EMAIL);

        Map<String, String> unsubscribe = new java.util.LinkedHashMap<>();
        unsubscribe.put("List-Unsubscribe", "<https://crm.shop.example/u/1-abc>");
        unsubscribe.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        Message queued = messages.send(new SendRequest(ada, "email", "win-back", "marketing", Map.of("offer", "20% off"),
                null, unsubscribe), "campaign");
        assertEquals(MessageStatus.QUEUED, queued.status());
        assertEquals("fr", queued.language());
        assertEquals("Vous nous manquez, Ada", queued.subject());
        assertEquals(1, messages.dispatcher().runOnce());

        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("Vous nous manquez, Ada", received[0].getSubject());
        assertEquals("ada@example.com", received[0].getAllRecipients()[0].toString());
        assertEquals("Rapport <crm@shop.example>", received[0].getFrom()[0].toString());
        assertEquals(Long.toString(queued.id()), received[0].getHeader(EmailChannel.MESSAGE_HEADER)[0]);
        assertEquals("<https://crm.shop.example/u/1-abc>", received[0].getHeader("List-Unsubscribe")[0]);
        assertEquals("List-Unsubscribe=One-Click", received[0].getHeader("List-Unsubscribe-Post")[0]);
        assertEquals("Bonjour Ada Lovelace,\n\nVoici 20% off pour votre retour.\n", queued.body());
        // SMTP carries lines ending in CRLF, and the last line break belongs to the end-of-data mark.
        assertEquals(queued.body().strip(), ((String) received[0].getContent()).replace("\r\n", "\n").strip());

        Message sent = reread(queued);
        assertEquals(MessageStatus.SENT, sent.status());
        assertEquals(1, sent.attempts());
        assertEquals(received[0].getMessageID(), sent.providerReference());
        assertNull(sent.nextAttemptAt());
        assertEquals(List.of("SENT " + queued.id()), events);
        List<Interaction> timeline = interactions.timeline(ada, Set.of(Channel.EMAIL), 0, 10);
        assertEquals(1, timeline.size());
        assertEquals("message", timeline.get(0).type());
        assertEquals(Long.toString(queued.id()), timeline.get(0).payload().get("messageId"));
        assertEquals("Vous nous manquez, Ada", timeline.get(0).summary());
    }

    @Test
    public void aContactWithoutATranslationGetsTheDefaultLanguageAndFallbacks() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        grant(bob, "marketing", null);

        Message m = send(bob, "email", null);
        messages.dispatcher().runOnce();

        assertEquals("en", m.language());
        assertEquals("We miss you, friend", smtp.getReceivedMessages()[0].getSubject());
        assertTrue(((String) smtp.getReceivedMessages()[0].getContent()).startsWith("Hello Smith,"));
    }

    @Test
    public void theGateIsAskedWhenTheMessageLeavesNotWhenItWasQueued() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        grant(ada, "marketing", Channel.EMAIL);
        Message m = send(ada, "email", null);
        clock.advance(Duration.ofSeconds(1));
        withdraw(ada, "marketing", Channel.EMAIL);

        messages.dispatcher().runOnce();

        Message blocked = reread(m);
        assertEquals(MessageStatus.BLOCKED, blocked.status());
        assertEquals(0, blocked.attempts());
        assertTrue(blocked.lastError(), blocked.lastError().contains("withdrawn"));
        assertEquals(0, smtp.getReceivedMessages().length);
        assertEquals(1, consent.blocks(ada, 10).size());
        assertEquals(List.of("BLOCKED " + m.id()), events);
        assertEquals("a blocked message is never tried again", 0, messages.dispatcher().runOnce());
    }

    @Test
    public void requestsAndTemplatesAreCheckedFieldByField() throws Exception {
        addEmailChannel(Configs.freePort());
        List<String> errors = new ArrayList<>();
        for (Runnable bad : List.<Runnable>of(
                () -> messages.send(new SendRequest(999, "email", "win-back", "marketing", null, null), "x"),
                () -> messages.send(new SendRequest(ada, "fax", "win-back", "marketing", null, null), "x"),
                () -> messages.send(new SendRequest(ada, "email", "nothing", "marketing", null, null), "x"),
                () -> messages.send(new SendRequest(ada, "email", "win-back", "marketing", null, null), "x"),
                () -> messages.send(new SendRequest(ada, "email", "win-back", " ", Map.of("offer", "x"), null), "x"),
                () -> messages.send(new SendRequest(ada, "email", "win-back", "marketing", Map.of("offer", "x"), null,
                        Map.of("From", "ceo@bank.example")), "x"),
                () -> messages.send(new SendRequest(ada, "email", "win-back", "marketing", Map.of("offer", "x"), null,
                        Map.of("Disposition-Notification-To", "spy@example.com")), "x"),
                () -> messages.send(new SendRequest(ada, "email", "win-back", "marketing", Map.of("offer", "x"), null,
                        Map.of("List-Id", "a\r\nBcc: all@example.com")), "x"),
                () -> messages.send(new SendRequest(ada, "email", "win-back", "marketing", Map.of("offer", "x"), null,
                        Map.of("Bad Name", "x")), "x"),
                () -> messages.saveTemplate(new Template("Bad Code", "en", null, "x", null)),
                () -> messages.saveTemplate(new Template("ok", "english!", null, "x", null)),
                () -> messages.saveTemplate(new Template("ok", "en", "Hi {{fristName}}", "one\ntwo {{var.x\n", null)))) {
            try {
                bad.run();
                fail("accepted");
            } catch (IllegalArgumentException expected) {
                errors.add(expected.getMessage());
            }
        }
        assertEquals(List.of(
                "contactId 999 is not a contact",
                "channel 'fax' is not registered; registered: email",
                "template 'nothing' does not exist",
                "variables: template 'win-back' needs offer",
                "purpose is required",
                "headers.From: a sender adds only List-… and X-… fields; the channel and the mail system write the others",
                "headers.Disposition-Notification-To: a sender adds only List-… and X-… fields; the channel and the mail "
                        + "system write the others",
                "headers.List-Id: a value is one line of printable ASCII characters",
                "headers: 'Bad Name' is not a header name (letters, digits and -)",
                "code 'Bad Code' must be lower-case letters, digits and '-'",
                "language 'english!' is not a language tag such as en, fr or pt-BR",
                "subject line 1: unknown placeholder {{fristName}}; use one of contactId, displayName, email, firstName, "
                        + "lastName or var.<name> for a value the sender passes (offer.<acceptUrl|code|description|kind|name>: "
                        + "a campaign's best offer); "
                        + "body line 2: '{{' at column 5 is not closed by '}}'"), errors);
        assertEquals(List.of(), messages.log(null, null, 0, 10));
        assertEquals(2, messages.templates().size());
    }

    @Test
    public void erasureDeletesEveryMessageOfTheContactAndExportListsThem() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        grant(ada, "marketing", null);
        grant(bob, "marketing", null);
        send(ada, "email", "a-1");
        send(bob, "email", "b-1");
        messages.dispatcher().runOnce();
        send(ada, "email", "a-2");
        MessageErasure erasure = new MessageErasure(db.emf(), messages,
                new InboundServiceImpl(db.emf(), contacts, interactions, clock, Duration.ofSeconds(5), 3, e -> { }));

        assertEquals(2, ((List<?>) erasure.export(ada).get("messages")).size());
        assertEquals("2 message(s) deleted, sent or waiting; 0 inbound message(s) and 0 bounced address(es) deleted",
                erasure.erase(ada));
        assertEquals(List.of(), messages.log(ada, null, 0, 10));
        assertEquals(1, messages.log(null, null, 0, 10).size());
        assertEquals("0 message(s) deleted, sent or waiting; 0 inbound message(s) and 0 bounced address(es) deleted",
                erasure.erase(ada));
        assertEquals("nothing is left to send to the erased contact", 0, messages.dispatcher().runOnce());
        assertNotNull(messages.log(bob, MessageStatus.SENT, 0, 10).get(0).sentAt());
    }

    @Test
    public void settledMessagesAreARetentionCategoryThatCanBeAnonymisedOrDeleted() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        grant(ada, "marketing", null);
        Message sent = send(ada, "email", "r-1");
        Message blocked = send(bob, "email", "r-2");
        messages.dispatcher().runOnce();
        Message waiting = send(ada, "email", "r-3");
        clock.advance(Duration.ofDays(100));
        MessageDataRetention retention = new MessageDataRetention(db.emf(), clock);

        List<org.rapport.privacy.facts.StoredRecord> records = new ArrayList<>();
        retention.forEachBatch(1, records::addAll);

        assertEquals("a message still on its way is left out", List.of(sent.id(), blocked.id()),
                records.stream().map(org.rapport.privacy.facts.StoredRecord::getRecordId).toList());
        assertEquals(List.of("sent", "blocked"), records.stream().map(org.rapport.privacy.facts.StoredRecord::getKind).toList());
        assertEquals(100, records.get(0).getAgeDays());
        assertEquals(1, retention.anonymize(List.of(blocked.id())));
        assertEquals("anonymising twice changes nothing", 0, retention.anonymize(List.of(blocked.id())));
        Message anonymised = reread(blocked);
        assertEquals(MessageDataRetention.ANONYMISED, anonymised.address());
        assertEquals(MessageDataRetention.ANONYMISED, anonymised.body());
        assertNull(anonymised.subject());
        assertEquals(MessageStatus.BLOCKED, anonymised.status());
        assertEquals(1, retention.delete(List.of(sent.id())));
        assertEquals(List.of(waiting.id(), blocked.id()), messages.log(null, null, 0, 10).stream().map(Message::id).toList());
    }
}

package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.apache.karaf.shell.api.console.Candidate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.AddressState;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundListener;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.communication.impl.command.InboundIdCompleter;
import org.rapport.rest.Roles;
import org.rapport.testing.MutableClock;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Two-way communication against a real Derby database, a real mail server (GreenMail: SMTP for
 * what Rapport sends, IMAP for the mailbox it reads), the real consent service and the real
 * contacts: a reply comes in once, matched and threaded; an answer leaves threaded; automatic
 * replies and bounces are told apart; a hard bounce stops the next send; the signed webhook takes
 * each request once and a STOP withdraws consent.
 */
@Category(UsesDatabase.class)
public class InboundTest {

    private static final String SECRET = "a-secret-of-the-sms-gateway";

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-communication", "rapport-contacts", "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final BlockingQueue<InboundMessage> heard = new LinkedBlockingQueue<>();
    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private ConsentServiceImpl consent;
    private MessageServiceImpl messages;
    private InboundServiceImpl inbound;
    private InboundGateway gateway;
    private MailboxPoller mailbox;
    private GreenMail mail;
    private GreenMailUser crm;
    private long ada;
    private long bob;

    @Before
    public void setUp() throws Exception {
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "service"));
        ChannelRegistry channels = new ChannelRegistry();
        messages = new MessageServiceImpl(db.emf(), contacts, interactions, consent, channels, clock,
                new DispatchSettings(50, 3, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(5), 3, 2),
                e -> events.add(e.getTopic()));
        inbound = new InboundServiceImpl(db.emf(), contacts, interactions, clock, Duration.ofSeconds(5), 3,
                e -> events.add(e.getTopic() + (e.getProperty("audit.action") == null ? "" : " " + e.getProperty("audit.action"))));
        inbound.addListener(heard::add, Map.of(InboundListener.NAME, "desk"));
        gateway = new InboundGateway(inbound, consent, clock);
        gateway.addWebhook(new InboundWebhook(Configs.inboundWebhook("sms", "messages", SECRET, "phone")));
        gateway.addWebhook(new InboundWebhook(Configs.inboundWebhook("mailer", "bounces", SECRET + "-b", "email")));

        int smtpPort = Configs.freePort();
        int imapPort = Configs.freePort();
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        crm = mail.setUser("crm@shop.example", "crm", "s3cret");
        channels.add(new EmailChannel(Configs.email(smtpPort)), Map.of(MessageChannel.NAME, "email"));
        mailbox = new MailboxPoller(inbound, new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null,
                clock), Configs.mailbox(imapPort, "crm", "s3cret"));

        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace", "+44 20 7946 0018", "en", null, null)).id();
        bob = contacts.create(new NewContact("bob@example.com", "Bob", "Smith")).id();
        for (long contact : new long[] {ada, bob}) {
            for (Channel channel : new Channel[] {Channel.EMAIL, Channel.PHONE}) {
                consent.record(new ConsentChange(contact, "marketing", channel, ConsentState.GRANTED, null, "web form",
                        null, null), "agent");
            }
        }
        messages.saveTemplate(new Template("news", "en", "News for {{firstName}}", "Hello {{firstName}}, news.", null));
    }

    @After
    public void tearDown() {
        inbound.deactivate();
        messages.stop();
        mail.stop();
    }

    private Message sendAndDispatch(long contact, Long inReplyTo) {
        Message m = messages.send(new SendRequest(contact, "email", "news", "marketing", Map.of(), null, null, inReplyTo),
                "test");
        messages.dispatcher().runOnce();
        return messages.find(m.id()).orElseThrow();
    }

    /** A mail in the mailbox, from its RFC 5322 text. */
    private void arrives(String raw) throws Exception {
        crm.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8))));
    }

    private MimeMessage lastSentTo(String address) throws Exception {
        MimeMessage last = null;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address)) {
                last = m;
            }
        }
        return last;
    }

    /** A mail with a file, from {@code from}, with the Message-ID {@code <files-1@example.com>}. */
    private static String withFile(String from, String text, String fileName) {
        return "From: " + from + "\nTo: crm@shop.example\nSubject: Invoice\nMessage-ID: <files-1@example.com>\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
                + text + "\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"" + fileName
                + "\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--";
    }

    /**
     * The log keeps no file: a mail with files read again (a node stopped before its listeners took
     * it) is stored once and handed on again, with the same id and its files; a mail that borrows
     * its Message-ID from another sender, or with another text, hands nothing on.
     */
    @Test
    public void aMailWithFilesReadAgainIsHandedOnAgainWithThemAndABorrowedIdIsNot() throws Exception {
        arrives(withFile("Ada <ada@example.com>", "The invoice.", "invoice.pdf"));
        assertEquals(1, mailbox.poll());
        InboundMessage first = heard.poll(5, TimeUnit.SECONDS);
        assertEquals(List.of("invoice.pdf"), first.attachments().stream().map(f -> f.name()).toList());

        arrives(withFile("Ada <ada@example.com>", "The invoice.", "invoice.pdf"));
        arrives(withFile("Mallory <bob@example.com>", "The invoice.", "evil.pdf"));
        arrives(withFile("Ada <ada@example.com>", "Another text.", "evil.pdf"));
        assertEquals(3, mailbox.poll());

        InboundMessage again = heard.poll(5, TimeUnit.SECONDS);
        assertEquals(first.id(), again.id());
        assertEquals(Long.valueOf(ada), again.contactId());
        assertEquals(List.of("invoice.pdf"), again.attachments().stream().map(f -> f.name()).toList());
        assertEquals("%PDF-1.4\n", new String(again.attachments().get(0).content(), StandardCharsets.US_ASCII));
        assertNull("a borrowed Message-ID hands nothing on", heard.poll(300, TimeUnit.MILLISECONDS));
        assertEquals("stored once", 1, inbound.inbound(ada, 0, 10).size());
        assertEquals(0, inbound.inbound(bob, 0, 10).size());
    }

    @Test
    public void aReplyIsRecordedOnceMatchedAndThreadedAndTheAnswerLeavesThreaded() throws Exception {
        Message news = sendAndDispatch(ada, null);
        assertEquals(MessageStatus.SENT, news.status());
        String ownId = lastSentTo("ada@example.com").getMessageID();
        assertTrue("Rapport's own Message-ID, 128 random bits: " + ownId, ownId.matches("<rapport-[0-9a-f]{32}@shop\\.example>"));
        assertEquals("the log keeps it for threading", ownId, news.providerReference());

        String reply = "From: Ada Lovelace <ADA@example.com>\nTo: crm@shop.example\nSubject: Re: News for Ada\n"
                + "Message-ID: <reply-1@example.com>\nIn-Reply-To: " + ownId + "\nReferences: " + ownId + "\n"
                + "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
                + "<html><head><script>alert('x')</script></head><body><p>Thanks &amp; see you</p>"
                + "<img src=x onerror=alert(1)></body></html>\n";
        arrives(reply);
        mailbox.run(); // as Karaf's scheduler runs it: on one node of the cluster
        arrives(reply); // the same mail delivered twice
        assertEquals(1, mailbox.poll());
        assertEquals(0, mailbox.poll());

        List<InboundMessage> in = inbound.inbound(ada, 0, 10);
        assertEquals("one message however often it was read", 1, in.size());
        InboundMessage m = in.get(0);
        assertEquals(InboundKind.MESSAGE, m.kind());
        assertEquals("ada@example.com", m.from());
        assertEquals(Long.valueOf(ada), m.contactId());
        assertEquals("<reply-1@example.com>", m.messageId());
        assertEquals(ownId, m.inReplyTo());
        assertEquals("it answers Rapport's message", Long.valueOf(news.id()), m.answers());
        assertEquals("HTML is kept as its text only", "Thanks & see you", m.text());
        assertEquals(m.id(), heard.poll(5, TimeUnit.SECONDS).id());
        assertNull("the listener heard of it once", heard.poll(200, TimeUnit.MILLISECONDS));
        List<Interaction> timeline = interactions.timeline(ada, Set.of(), 0, 10);
        assertTrue(timeline.stream().anyMatch(i -> i.direction().name().equals("INBOUND") && i.channel() == Channel.EMAIL
                && "Re: News for Ada".equals(i.summary())));
        assertTrue(events.contains("org/rapport/communication/inbound/RECEIVED"));

        InboundIdCompleter completer = new InboundIdCompleter(inbound);
        assertEquals(List.of(Long.toString(m.id())), ShellSessions.complete(completer, Roles.AGENT, "messages:send",
                "--in-reply-to", "").stream().map(Candidate::value).toList());
        assertEquals(List.of(), ShellSessions.complete(completer, Roles.PARTNER, "messages:send", "--in-reply-to", ""));

        Message answer = sendAndDispatch(ada, m.id());
        MimeMessage sent = lastSentTo("ada@example.com");
        assertEquals(MessageStatus.SENT, answer.status());
        assertEquals("<reply-1@example.com>", sent.getHeader("In-Reply-To", null));
        assertEquals(ownId + " <reply-1@example.com>", sent.getHeader("References", null).replaceAll("\\s+", " "));
        try {
            messages.send(new SendRequest(bob, "email", "news", "marketing", Map.of(), null, null, m.id()), "test");
            fail("a reply to another contact's message");
        } catch (IllegalArgumentException e) {
            assertEquals("inReplyTo: " + m.id() + " is not an inbound message of contact " + bob, e.getMessage());
        }
        try {
            messages.send(new SendRequest(ada, "email", "news", "marketing", Map.of(), null,
                    Map.of("In-Reply-To", "<forged@example.com>"), null), "test");
            fail("threading headers only from inReplyTo");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("headers.In-Reply-To"));
        }
    }

    @Test
    public void aMessageIdCannotBeGuessedAndAMailMakesAtMostTwentyLookups() throws Exception {
        Message first = sendAndDispatch(ada, null);
        Message second = sendAndDispatch(ada, null);
        assertNotEquals(first.providerReference(), second.providerReference());
        assertTrue(second.providerReference(), second.providerReference().matches("<rapport-[0-9a-f]{32}@shop\\.example>"));

        String guessed = "<rapport-message-" + second.id() + "@shop.example>";
        List<String> filler = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            filler.add("<probe-" + i + "@evil.example>");
        }
        String early = String.join(" ", filler.subList(0, 1000)) + " " + first.providerReference() + " "
                + String.join(" ", filler.subList(1000, 1020));
        String late = String.join(" ", filler) + " " + second.providerReference();
        for (String[] mail : List.of(new String[] {"<g-1@example.com>", "References: " + guessed},
                new String[] {"<g-2@example.com>", "References: " + early},
                new String[] {"<g-3@example.com>", "References: " + late})) {
            arrives("From: ada@example.com\nTo: crm@shop.example\nSubject: Re: News\nMessage-ID: " + mail[0] + "\n"
                    + mail[1] + "\n\nHello\n");
        }
        assertEquals(3, mailbox.poll());
        Map<String, Long> answers = new HashMap<>();
        inbound.inbound(ada, 0, 10).forEach(m -> answers.put(m.messageId(), m.answers()));
        assertNull("the old sequential id names no message", answers.get("<g-1@example.com>"));
        assertNull("an id before the last twenty is not looked up", answers.get("<g-2@example.com>"));
        assertEquals("the newest ids are", Long.valueOf(second.id()), answers.get("<g-3@example.com>"));
    }

    @Test
    public void autoRepliesAndBouncesAreRecognisedAndAHardBounceStopsTheNextSend() throws Exception {
        Message toBob = sendAndDispatch(bob, null);
        Message toAda = sendAndDispatch(ada, null);
        arrives("From: bob@example.com\nTo: crm@shop.example\nSubject: Out of office\nMessage-ID: <ooo-1@example.com>\n"
                + "Auto-Submitted: auto-replied\n\nI am away until Monday.\n");
        arrives(dsn("<dsn-1@mx.example.com>", "bob@example.com", "5.1.1", toBob.id()));
        // Anyone can write to the mailbox: a bounce for an address Rapport did not send that message to is not counted.
        arrives(dsn("<dsn-2@mx.example.com>", "carol@example.com", "5.1.1", toAda.id()));
        assertEquals(3, mailbox.poll());

        List<InboundMessage> in = inbound.inbound(null, 0, 10);
        assertEquals(List.of(InboundKind.BOUNCE, InboundKind.BOUNCE, InboundKind.AUTO_REPLY),
                in.stream().map(InboundMessage::kind).toList());
        assertEquals(Long.valueOf(bob), in.get(2).contactId());
        AddressState state = inbound.address("Bob@Example.com").orElseThrow();
        assertTrue(state.undeliverable());
        assertEquals(Long.valueOf(bob), state.contactId());
        assertTrue(state.reason(), state.reason().startsWith("5.1.1 smtp; 550 5.1.1"));
        assertEquals(1, state.hardBounces());
        assertTrue("the forged bounce marked nothing", inbound.address("carol@example.com").isEmpty());
        assertEquals(MessageStatus.BOUNCED, messages.find(toBob.id()).orElseThrow().status());
        assertEquals(MessageStatus.SENT, messages.find(toAda.id()).orElseThrow().status());
        assertTrue(events.contains("org/rapport/communication/message/BOUNCED"));
        assertTrue(events.contains("org/rapport/audit/RECORD address.undeliverable"));

        int mailsToBob = mail.getReceivedMessagesForDomain("example.com").length;
        Message refused = sendAndDispatch(bob, null);
        assertEquals(MessageStatus.FAILED, refused.status());
        assertTrue(refused.lastError(), refused.lastError().startsWith("the address is undeliverable after a hard "
                + "bounce (5.1.1"));
        assertEquals("nothing was sent", mailsToBob, mail.getReceivedMessagesForDomain("example.com").length);

        // A provider's signed report of a temporary failure is counted, and marks nothing.
        String soft = "{\"id\":\"evt-1\",\"address\":\"ada@example.com\",\"status\":\"4.2.2\",\"diagnostic\":\"mailbox full\"}";
        assertEquals("bounce", post("mailer", SECRET + "-b", soft, true).kind());
        AddressState ada = inbound.address("ada@example.com").orElseThrow();
        assertFalse(ada.undeliverable());
        assertEquals(1, ada.softBounces());
        // A permanent failure a signed provider reports marks the address, whether or not it names a message.
        post("mailer", SECRET + "-b", "{\"id\":\"evt-2\",\"address\":\"Dave@Example.com\",\"status\":\"5.2.1\"}", true);
        assertTrue(inbound.address("dave@example.com").orElseThrow().undeliverable());
        assertEquals(2, inbound.countAddresses(true));

        Map<String, Object> export = new MessageErasure(db.emf(), messages, inbound).export(bob);
        assertEquals(1, ((List<?>) export.get("addresses")).size());
        assertEquals(1, ((List<?>) export.get("inbound")).size());

        assertTrue(inbound.clearUndeliverable("bob@example.com", "agent"));
        assertFalse("cleared once", inbound.clearUndeliverable("bob@example.com", "agent"));
        assertTrue(events.contains("org/rapport/audit/RECORD address.deliverable"));
        assertEquals(MessageStatus.SENT, sendAndDispatch(bob, null).status());

        assertTrue(new MessageErasure(db.emf(), messages, inbound).erase(bob).contains("1 inbound message(s) and 1 bounced address(es)"));
        assertTrue(inbound.inbound(bob, 0, 10).isEmpty());
        assertTrue(inbound.address("bob@example.com").isEmpty());
    }

    private static String dsn(String id, String recipient, String status, long messageId) {
        return "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\nTo: crm@shop.example\n"
                + "Subject: Undelivered Mail Returned to Sender\nMessage-ID: " + id + "\nAuto-Submitted: auto-replied\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\n\n"
                + "--B1\nContent-Type: text/plain; charset=us-ascii\n\nYour message could not be delivered.\n\n"
                + "--B1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n"
                + "Final-Recipient: rfc822; " + recipient + "\nAction: failed\nStatus: " + status + "\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: Recipient address rejected:\n"
                + " User unknown\n\n"
                + "--B1\nContent-Type: text/rfc822-headers\n\nFrom: Rapport <crm@shop.example>\nTo: " + recipient + "\n"
                + "Message-ID: <rapport-message-" + messageId + "@shop.example>\nX-Rapport-Message: " + messageId + "\n\n"
                + "--B1--\n";
    }

    private InboundGateway.Accepted post(String name, String secret, String json, boolean bounce) {
        return post(name, secret, json, bounce, Long.toString(clock.instant().getEpochSecond()));
    }

    private InboundGateway.Accepted post(String name, String secret, String json, boolean bounce, String timestamp) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + new InboundWebhook(Configs.inboundWebhook(name, "messages", secret, "phone"))
                .sign(timestamp, body);
        return bounce ? gateway.bounce(name, timestamp, signature, new ByteArrayInputStream(body))
                : gateway.message(name, timestamp, signature, new ByteArrayInputStream(body));
    }

    private InboundWebhook.Refusal refused(int status, Runnable request) {
        long before = inbound.countInbound(null);
        try {
            request.run();
            fail("HTTP " + status + " expected");
            return null;
        } catch (InboundWebhook.Refusal r) {
            assertEquals(r.getMessage(), status, r.status());
            assertEquals("nothing stored", before, inbound.countInbound(null));
            return r;
        }
    }

    @Test
    public void theSignedWebhookTakesEachRequestOnceAndAStopReplyWithdrawsConsent() throws Exception {
        String hello = "{\"id\":\"gw-1\",\"from\":\"+44 20 7946 0018\",\"text\":\"Hello <b>there</b>\"}";
        byte[] body = hello.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String signature = "sha256=" + new InboundWebhook(Configs.inboundWebhook("sms", "messages", SECRET, "phone"))
                .sign(timestamp, body);
        InboundGateway.Accepted first = gateway.message("sms", timestamp, signature, new ByteArrayInputStream(body));
        assertEquals("matched by phone number", Long.valueOf(ada), first.contactId());
        assertFalse(first.consentWithdrawn());
        InboundMessage stored = inbound.findInbound(first.id()).orElseThrow();
        assertEquals("sms", stored.channel());
        assertEquals("text is kept as text, not rendered", "Hello <b>there</b>", stored.text());
        assertTrue(interactions.timeline(ada, Set.of(), 0, 10).stream()
                .anyMatch(i -> i.direction().name().equals("INBOUND") && i.channel() == Channel.PHONE));

        refused(409, () -> gateway.message("sms", timestamp, signature, new ByteArrayInputStream(body)));
        clock.advance(Duration.ofSeconds(1));
        refused(409, () -> post("sms", SECRET, hello, false)); // a new signature, the same message id
        refused(401, () -> post("sms", "not-the-secret-of-the-gateway", "{\"id\":\"gw-2\",\"from\":\"x\",\"text\":\"hi\"}", false));
        refused(401, () -> post("sms", SECRET, "{\"id\":\"gw-3\",\"from\":\"x\",\"text\":\"hi\"}", false,
                Long.toString(clock.instant().minusSeconds(301).getEpochSecond())));
        refused(401, () -> gateway.message("sms", timestamp, null, new ByteArrayInputStream(body)));
        refused(404, () -> post("chat", SECRET, "{\"id\":\"gw-4\",\"from\":\"x\",\"text\":\"hi\"}", false));
        refused(413, () -> post("sms", SECRET, "{\"id\":\"gw-5\",\"from\":\"x\",\"text\":\"" + "a".repeat(5000) + "\"}", false));
        refused(400, () -> post("sms", SECRET, "{\"id\":\"gw-6\",\"from\":\"x\"}", false));
        refused(400, () -> post("sms", SECRET, "[not json", false));
        // JSON of the wrong shape is refused naming the field, never the server's classes.
        assertEquals("body: a JSON object is required (line 1, column 1)",
                refused(400, () -> post("sms", SECRET, "[1, 2]", false)).getMessage());
        assertEquals("id: text is required (line 1, column 7)",
                refused(400, () -> post("sms", SECRET, "{\"id\":{\"a\":1},\"from\":\"x\",\"text\":\"t\"}", false)).getMessage());
        assertEquals("address: text is required (line 1, column 23)", refused(400, () -> post("mailer", SECRET + "-b",
                "{\"id\":\"b-1\",\"address\":[\"a@b.example\"],\"status\":\"5.1.1\"}", true)).getMessage());

        assertTrue(consent.check(ada, "marketing", "phone", "test", "test").allowed());
        InboundGateway.Accepted stop = post("sms", SECRET, "{\"id\":\"gw-7\",\"from\":\"+442079460018\",\"text\":\" Stop \"}",
                false);
        assertTrue(stop.consentWithdrawn());
        assertFalse("consent on the phone is withdrawn", consent.check(ada, "marketing", "phone", "test", "test").allowed());
        assertTrue("but not on email", consent.check(ada, "marketing", "email", "test", "test").allowed());
        Consent withdrawal = consent.history(ada).get(0);
        assertEquals(ConsentState.WITHDRAWN, withdrawal.state());
        assertEquals("inbound message " + stop.id(), withdrawal.proof());
        assertNotNull(heard.poll(5, TimeUnit.SECONDS));
    }
}

package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.internet.MimeMessage;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.communication.api.ChannelInfo;
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
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * The outbox against a real Derby database, a real SMTP server (GreenMail) and a real HTTP
 * endpoint, with the real consent gate. The dispatcher is run by hand, on a clock the test moves.
 */
@Category(UsesDatabase.class)
public class MessageServiceImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-communication", "rapport-contacts", "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    private final List<String> events = new CopyOnWriteArrayList<>();
    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private ConsentServiceImpl consent;
    private ChannelRegistry channels;
    private MessageServiceImpl messages;
    private GreenMail smtp;
    private HttpServer http;
    private long ada;
    private long bob;

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "service"));
        channels = new ChannelRegistry();
        messages = new MessageServiceImpl(db.emf(), contacts, interactions, consent, channels, clock,
                new Dispatcher.Settings(50, 4, Duration.ofSeconds(30), Duration.ofSeconds(120),
                        Duration.ofSeconds(1), 3), e -> events.add(
                        e.getTopic().substring(e.getTopic().lastIndexOf('/') + 1) + " " + e.getProperty("message.id")));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace", "+44 20 7946 0018", "fr-CA", null, null))
                .id();
        bob = contacts.create(new NewContact("bob@example.com", null, "Smith")).id();
        messages.saveTemplate(new Template("win-back", "en", "We miss you, {{firstName|friend}}",
                "Hello {{displayName}},\n\nHere is {{var.offer}} to welcome you back.\n", null));
        messages.saveTemplate(new Template("win-back", "fr", "Vous nous manquez, {{firstName|cher client}}",
                "Bonjour {{displayName}},\n\nVoici {{var.offer}} pour votre retour.\n", null));
    }

    @After
    public void tearDown() {
        if (smtp != null) {
            smtp.stop();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    private void grant(long contact, String purpose, Channel channel) {
        consent.record(new ConsentChange(contact, purpose, channel, ConsentState.GRANTED, null, "web form", null, null),
                "agent");
    }

    private void withdraw(long contact, String purpose, Channel channel) {
        consent.record(new ConsentChange(contact, purpose, channel, ConsentState.WITHDRAWN, null, "unsubscribe link",
                null, null), "agent");
    }

    private GreenMail smtpOn(int port) {
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        return smtp;
    }


    private void addEmailChannel(int port) {
        channels.add(new EmailChannel(Configs.email(port)), Map.of(MessageChannel.NAME, "email"));
    }

    private Message send(long contact, String channel, String reference) {
        return messages.send(new SendRequest(contact, channel, "win-back", "marketing", Map.of("offer", "20% off"),
                reference), "retention");
    }

    private Message reread(Message m) {
        return messages.find(m.id()).orElseThrow();
    }

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
    public void aServerThatIsDownIsRetriedWithBackoffAndTheMessageIsSentOnceItIsBack() throws Exception {
        int port = Configs.freePort();
        addEmailChannel(port);
        grant(ada, "marketing", Channel.EMAIL);
        Message m = send(ada, "email", null);

        assertEquals(1, messages.dispatcher().runOnce());
        Message first = reread(m);
        assertEquals(MessageStatus.RETRYING, first.status());
        assertEquals(1, first.attempts());
        assertTrue(first.lastError(), first.lastError().contains("could not be reached"));
        assertEquals(clock.instant().plusSeconds(30), first.nextAttemptAt());
        assertEquals("not due before the wait is over", 0, messages.dispatcher().runOnce());

        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, messages.dispatcher().runOnce());
        assertEquals("the wait doubles", clock.instant().plusSeconds(60), reread(m).nextAttemptAt());

        smtpOn(port);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, messages.dispatcher().runOnce());

        Message sent = reread(m);
        assertEquals(MessageStatus.SENT, sent.status());
        assertEquals(3, sent.attempts());
        assertEquals(1, smtp.getReceivedMessages().length);
        assertEquals(0, messages.dispatcher().runOnce());
    }

    @Test
    public void aWebhookThatFailsAndRecoversGetsEveryMessageOnceSignedWithTheSameKey() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> accepted = new CopyOnWriteArrayList<>();
        List<String> keys = new CopyOnWriteArrayList<>();
        List<String> signatureFaults = new CopyOnWriteArrayList<>();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/sms", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            if (!("sha256=" + hmac("s3cret", body)).equals(exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE_HEADER))) {
                signatureFaults.add(exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE_HEADER));
            }
            int status = calls.incrementAndGet() <= 2 ? 503 : 202;
            if (status == 202) {
                accepted.add(new String(body, StandardCharsets.UTF_8));
                exchange.getResponseHeaders().add("X-Message-Id", "gw-" + calls.get());
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.start();
        channels.add(new WebhookChannel(Configs.webhook("sms", "http://127.0.0.1:" + http.getAddress().getPort() + "/sms",
                "s3cret")), Map.of(MessageChannel.NAME, "sms"));
        grant(ada, "marketing", Channel.PHONE);

        Message m = send(ada, "sms", "retention-action-7");
        messages.dispatcher().runOnce();
        clock.advance(Duration.ofSeconds(30));
        messages.dispatcher().runOnce();
        assertEquals(MessageStatus.RETRYING, reread(m).status());
        assertTrue(reread(m).lastError(), reread(m).lastError().contains("HTTP 503"));
        clock.advance(Duration.ofSeconds(60));
        messages.dispatcher().runOnce();

        Message sent = reread(m);
        assertEquals(MessageStatus.SENT, sent.status());
        assertEquals("gw-3", sent.providerReference());
        assertEquals(1, accepted.size());
        assertTrue(accepted.get(0), accepted.get(0).contains("\"address\":\"+442079460018\""));
        assertTrue(accepted.get(0), accepted.get(0).contains("\"messageId\":" + m.id()));
        assertEquals(List.of("rapport-message-" + m.id(), "rapport-message-" + m.id(), "rapport-message-" + m.id()), keys);
        assertEquals(List.of(), signatureFaults);
        assertEquals("a second request with the same reference is the same message", m.id(),
                send(ada, "sms", "retention-action-7").id());
        clock.advance(Duration.ofHours(1));
        assertEquals(0, messages.dispatcher().runOnce());
        assertEquals(3, calls.get());
    }

    @Test
    public void aPermanentRefusalFailsAtOnceAndAnOperatorCanRetry() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/sms", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"error\":\"number not allowed\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        http.start();
        channels.add(new WebhookChannel(Configs.webhook("sms", "http://127.0.0.1:" + http.getAddress().getPort() + "/sms",
                "")), Map.of(MessageChannel.NAME, "sms"));
        grant(ada, "marketing", null);

        Message m = send(ada, "sms", null);
        messages.dispatcher().runOnce();
        Message failed = reread(m);
        assertEquals(MessageStatus.FAILED, failed.status());
        assertTrue(failed.lastError(), failed.lastError().contains("HTTP 400: {\"error\":\"number not allowed\"}"));
        assertEquals(List.of("FAILED " + m.id()), events);

        try {
            messages.retry(m.id() + 1000, "admin");
            fail("no such message");
        } catch (IllegalArgumentException expected) {
            assertEquals("message " + (m.id() + 1000) + " does not exist", expected.getMessage());
        }
        assertEquals(MessageStatus.RETRYING, messages.retry(m.id(), "admin").status());
        messages.dispatcher().runOnce();
        assertEquals(MessageStatus.SENT, reread(m).status());
        assertEquals(2, reread(m).attempts());
        try {
            messages.retry(m.id(), "admin");
            fail("a sent message is not retried");
        } catch (IllegalStateException expected) {
            assertEquals("message " + m.id() + " is sent; only a failed message can be retried", expected.getMessage());
        }
    }

    @Test
    public void aChannelThatIsGoneKeepsItsMessagesUntilTheAttemptsRunOut() throws Exception {
        addEmailChannel(Configs.freePort());
        grant(ada, "marketing", Channel.EMAIL);
        Message m = send(ada, "email", null);
        channels.remove(channels.find("email").orElseThrow(), Map.of(MessageChannel.NAME, "email"));

        for (int attempt = 1; attempt <= 4; attempt++) {
            assertEquals(1, messages.dispatcher().runOnce());
            clock.advance(Duration.ofSeconds(120));
        }
        Message failed = reread(m);
        assertEquals(MessageStatus.FAILED, failed.status());
        assertEquals(4, failed.attempts());
        assertEquals("channel 'email' is not registered", failed.lastError());
        List<ChannelInfo> infos = messages.channels();
        assertEquals(1, infos.size());
        assertFalse(infos.get(0).registered());
        assertEquals(1, infos.get(0).failed());
    }

    /** A partner's channel that reaches people by phone and fails as {@code fault} does. */
    private static MessageChannel faulty(java.util.function.Supplier<String> fault) {
        return new MessageChannel() {
            @Override
            public Channel medium() {
                return Channel.PHONE;
            }

            @Override
            public java.util.Optional<String> address(org.rapport.contacts.api.Contact contact) {
                return java.util.Optional.ofNullable(contact.phone());
            }

            @Override
            public String deliver(org.rapport.communication.api.OutgoingMessage message) {
                return fault.get();
            }
        };
    }

    @Test
    public void channelsThatThrowOrHangAreSuspendedAndTheOthersGoOn() throws Exception {
        GreenMail mail = smtpOn(Configs.freePort());
        addEmailChannel(mail.getSmtp().getPort());
        channels.add(faulty(() -> {
            throw new IllegalStateException("plugin bug");
        }), Map.of(MessageChannel.NAME, "broken"));
        channels.add(faulty(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "too late";
        }), Map.of(MessageChannel.NAME, "hanging"));
        grant(ada, "marketing", Channel.EMAIL);
        grant(ada, "marketing", Channel.PHONE);
        Message broken = send(ada, "broken", null);
        Message hanging = send(ada, "hanging", null);

        for (int pass = 1; pass <= 3; pass++) {
            Message mail1 = send(ada, "email", null);
            messages.dispatcher().runOnce();
            assertEquals("pass " + pass, MessageStatus.SENT, reread(mail1).status());
            clock.advance(Duration.ofSeconds(120));
        }
        assertEquals("channel 'hanging' did not answer within 1 s", reread(hanging).lastError());
        assertTrue(reread(broken).lastError(), reread(broken).lastError().contains("plugin bug"));
        assertEquals(3, reread(broken).attempts());
        assertEquals(2, events.stream().filter(e -> e.startsWith("SUSPENDED")).count());
        assertEquals("the audit log hears of both", 2, events.stream().filter(e -> e.startsWith("RECORD")).count());
        ChannelInfo suspended = messages.channels().stream().filter(c -> c.name().equals("broken")).findFirst().orElseThrow();
        assertTrue(suspended.suspended());
        assertEquals(3, suspended.faults());

        // Suspended, their messages wait and are not attempted; e-mail still goes out.
        Message mail4 = send(ada, "email", null);
        long started = System.nanoTime();
        messages.dispatcher().runOnce();
        assertTrue("the hanging channel is not waited for", System.nanoTime() - started < 900_000_000L);
        assertEquals(MessageStatus.SENT, reread(mail4).status());
        assertEquals(3, reread(broken).attempts());
        assertEquals(MessageStatus.RETRYING, reread(broken).status());

        assertTrue(messages.resumeChannel("broken", "admin"));
        assertFalse(messages.resumeChannel("broken", "admin"));
        messages.dispatcher().runOnce();
        assertEquals(4, reread(broken).attempts());
        assertEquals(MessageStatus.FAILED, reread(broken).status());
    }

    @Test
    public void aChannelSuspendedMidBatchIsNotCalledAgainAndTheRestOfTheBatchWaitsWithoutAnAttempt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        channels.add(faulty(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("plugin bug");
        }), Map.of(MessageChannel.NAME, "broken"));
        grant(ada, "marketing", Channel.PHONE);
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(send(ada, "broken", null));
        }

        messages.dispatcher().runOnce();
        assertEquals("suspended at the third fault, the channel is not called for the fourth", 3, calls.get());
        Message waiting = reread(batch.get(3));
        assertEquals(0, waiting.attempts());
        assertEquals(MessageStatus.QUEUED, waiting.status());

        assertTrue(messages.resumeChannel("broken", "admin"));
        messages.dispatcher().runOnce();
        assertEquals(4, calls.get());
        assertEquals(1, reread(batch.get(3)).attempts());
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
                        + "lastName or var.<name> for a value the sender passes; "
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
        MessageErasure erasure = new MessageErasure(db.emf(), messages);

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

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpServer;

import org.junit.Test;
import org.rapport.communication.api.ChannelInfo;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.MessageStatus;
import org.rapport.contacts.api.Channel;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Delivery when channels fail: retries with backoff, webhooks that recover, refusals, channels gone, suspended or hanging. */
@Category(UsesDatabase.class)
public class MessageDeliveryFaultsTest extends MessageFixture {

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
        assertFalse("a text-only template has no html field: " + accepted.get(0), accepted.get(0).contains("\"html\""));
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
        // On one sender the calls are one after the other; with more, those under way at the suspension finish.
        messages.dispatcher().reconfigure(new DispatchSettings(50, 4, Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofSeconds(1), 3, 1), 0);

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
}

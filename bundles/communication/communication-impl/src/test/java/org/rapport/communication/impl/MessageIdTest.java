package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.internet.MimeMessage;

import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageStatus;
import org.rapport.contacts.api.Channel;
import org.rapport.testing.UsesDatabase;

/**
 * One {@code Message-ID} per message, whatever becomes of its attempts, against a real mail server
 * (GreenMail): a mail the server took while the connection broke before it said so is sent again
 * under the same id, so the recipient's client shows it once; a mail failed for good and retried by
 * an operator keeps the id it was first tried with; two messages never share one.
 */
@Category(UsesDatabase.class)
public class MessageIdTest extends MessageFixture {

    private static String messageIdOf(MimeMessage mail) throws Exception {
        return mail.getHeader("Message-ID", null);
    }

    @Test
    public void aMailTheServerTookBeforeTheConnectionBrokeIsSentAgainUnderTheSameId() throws Exception {
        smtpOn(Configs.freePort());
        try (DroppingRelay relay = new DroppingRelay(smtp.getSmtp().getPort())) {
            addEmailChannel(relay.port());
            grant(ada, "marketing", Channel.EMAIL);
            grant(bob, "marketing", Channel.EMAIL);
            Message m = send(ada, "email", null);

            assertEquals(1, messages.dispatcher().runOnce());
            assertEquals("the connection broke before the server's answer", MessageStatus.RETRYING, reread(m).status());
            // The sender may have given up waiting (its timeout) before the server finished taking the
            // mail on a busy machine: the server takes it all the same, a moment later.
            assertTrue("yet the server took the mail", smtp.waitForIncomingEmail(30_000, 1));
            assertEquals(1, smtp.getReceivedMessages().length);
            clock.advance(Duration.ofSeconds(30));
            assertEquals(1, messages.dispatcher().runOnce());

            Message sent = reread(m);
            assertEquals(MessageStatus.SENT, sent.status());
            assertEquals(2, sent.attempts());
            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals("the recipient got it twice", 2, received.length);
            String id = messageIdOf(received[0]);
            assertTrue(id, id.matches("<rapport-[0-9a-f]{32}@[^>]+>"));
            assertEquals("so its client sees one mail", id, messageIdOf(received[1]));
            assertEquals("and a reply to either finds the message", id, sent.providerReference());

            Message other = send(bob, "email", null);
            assertEquals(1, messages.dispatcher().runOnce());
            assertEquals(MessageStatus.SENT, reread(other).status());
            assertNotEquals("another message, another id", id, messageIdOf(smtp.getReceivedMessages()[2]));
            assertEquals("the retry on a new connection, the next mail on the one kept open since", List.of(1, 2),
                    relay.connectionsSeen());
        }
    }

    @Test
    public void aMailFailedForGoodAndRetriedByAnOperatorKeepsTheIdItWasFirstTriedWith() throws Exception {
        smtpOn(Configs.freePort());
        // Every attempt breaks after the server took the mail: retried until the attempts run out (4), failed.
        try (DroppingRelay relay = new DroppingRelay(smtp.getSmtp().getPort(), Integer.MAX_VALUE)) {
            addEmailChannel(relay.port());
            grant(ada, "marketing", Channel.EMAIL);
            Message m = send(ada, "email", null);
            for (int attempt = 0; attempt < 4; attempt++) {
                assertEquals(1, messages.dispatcher().runOnce());
                clock.advance(Duration.ofMinutes(5));
            }
            assertEquals(MessageStatus.FAILED, reread(m).status());
            relay.dropping(0);
            messages.retry(m.id(), "agent");
            assertEquals(1, messages.dispatcher().runOnce());
            assertEquals(MessageStatus.SENT, reread(m).status());

            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(5, received.length);
            String id = messageIdOf(received[0]);
            for (MimeMessage mail : received) {
                assertEquals(id, messageIdOf(mail));
            }
            assertEquals(id, reread(m).providerReference());
        }
    }

    /**
     * A relay in front of the mail server that passes the conversation through as it is, but on
     * each of its first {@code drops} connections withholds the server's answer to the end of a
     * mail's data and closes the connection: the server has taken the mail, the sender does not
     * know it, as when a connection breaks at the worst moment.
     */
    private static final class DroppingRelay implements AutoCloseable {

        private final ServerSocket server;
        private final int target;
        private final AtomicInteger connections = new AtomicInteger();
        private final List<Integer> seen = new CopyOnWriteArrayList<>();
        private volatile int drops;

        DroppingRelay(int target) throws IOException {
            this(target, 1);
        }

        DroppingRelay(int target, int drops) throws IOException {
            this.target = target;
            this.drops = drops;
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "test-dropping-relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void dropping(int drops) {
            this.drops = drops;
        }

        List<Integer> connectionsSeen() {
            return seen;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    int n = connections.incrementAndGet();
                    seen.add(n);
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    boolean drop = n <= drops;
                    pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                    Thread answers = new Thread(() -> answers(upstream, client, drop), "test-dropping-relay-" + n);
                    answers.setDaemon(true);
                    answers.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        /** The sender's side, passed on byte for byte until either side closes. */
        private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
            Thread t = new Thread(() -> {
                try {
                    in.transferTo(out);
                } catch (IOException closed) {
                    // The other direction closed both.
                } finally {
                    closeQuietly(a, b);
                }
            }, "test-dropping-relay-pump");
            t.setDaemon(true);
            t.start();
        }

        /** The server's answers, line by line: after a 354 (go ahead with the data) the next answer is withheld when dropping. */
        private static void answers(Socket upstream, Socket client, boolean drop) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(upstream.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                OutputStream out = client.getOutputStream();
                boolean dataSent = false;
                for (String line; (line = lines.readLine()) != null;) {
                    if (drop && dataSent) {
                        return;
                    }
                    dataSent = line.startsWith("354");
                    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException closed) {
                // Closed by the other direction.
            } finally {
                closeQuietly(upstream, client);
            }
        }

        private static void closeQuietly(Socket... sockets) {
            Arrays.stream(sockets).forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Closing is all that is left to do.
                }
            });
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

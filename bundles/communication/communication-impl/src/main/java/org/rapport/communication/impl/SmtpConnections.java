package org.rapport.communication.impl;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open SMTP connections of the email channel, kept between messages: a sender takes an idle one
 * (or connects a new one), sends one message on it and gives it back, so each thread that sends at
 * the same time holds one connection and the next message skips the connection, greeting, TLS and
 * login. Before a kept connection carries another message it is reset ({@code RSET}, which also
 * shows that the server still listens; a dead one is closed and a new one connected). A connection
 * on which a message failed is closed, whatever the failure: the next message gets a new one. One
 * idle longer than {@code keepOpen} is closed (SMTP servers close idle clients after a few
 * minutes), and all are closed with the channel. With {@code keepOpen} zero every message has a
 * connection of its own.
 */
final class SmtpConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnections.class);

    private record Idle(Transport transport, long since) {
    }

    private final Session session;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final long keepOpenNanos;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final ScheduledExecutorService sweeper;
    private boolean closed;

    /**
     * @param session a session whose {@code mail.<protocol>.userset} is true, so that a kept
     *        connection is checked with {@code RSET}
     */
    SmtpConnections(Session session, String host, int port, String username, String password, Duration keepOpen) {
        this.session = session;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.keepOpenNanos = keepOpen.toNanos();
        if (keepOpenNanos > 0) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rapport-smtp-idle");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, keepOpen.toMillis() / 2);
            sweeper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
        } else {
            sweeper = null;
        }
    }

    /** Sends {@code mime} to its recipients on a kept connection, or a new one. */
    void send(MimeMessage mime) throws MessagingException {
        Transport transport = take();
        boolean sent = false;
        try {
            transport.sendMessage(mime, mime.getAllRecipients());
            sent = true;
        } finally {
            if (sent) {
                giveBack(transport);
            } else {
                quietlyClose(transport);
            }
        }
    }

    /** How many connections are open and idle now. */
    synchronized int idleCount() {
        return idle.size();
    }

    private Transport take() throws MessagingException {
        for (Idle kept = poll(); kept != null; kept = poll()) {
            if (System.nanoTime() - kept.since() <= keepOpenNanos && kept.transport().isConnected()) {
                return kept.transport(); // isConnected sent RSET and the server answered
            }
            quietlyClose(kept.transport());
        }
        Transport transport = session.getTransport();
        transport.connect(host, port, username, password);
        return transport;
    }

    private synchronized Idle poll() {
        // The most recently used first: the others age out when fewer senders are busy.
        return idle.pollFirst();
    }

    private void giveBack(Transport transport) {
        synchronized (this) {
            if (!closed && keepOpenNanos > 0) {
                idle.addFirst(new Idle(transport, System.nanoTime()));
                return;
            }
        }
        quietlyClose(transport);
    }

    private void closeIdle() {
        long now = System.nanoTime();
        Deque<Transport> stale = new ArrayDeque<>();
        synchronized (this) {
            for (Iterator<Idle> i = idle.iterator(); i.hasNext();) {
                Idle kept = i.next();
                if (now - kept.since() > keepOpenNanos) {
                    i.remove();
                    stale.add(kept.transport());
                }
            }
        }
        stale.forEach(SmtpConnections::quietlyClose);
    }

    private static void quietlyClose(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Closing an SMTP connection failed: {}", e.toString());
        }
    }

    /** Closes every idle connection; one in use is closed when its message is done. */
    @Override
    public void close() {
        Deque<Idle> open;
        synchronized (this) {
            closed = true;
            open = new ArrayDeque<>(idle);
            idle.clear();
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        open.forEach(kept -> quietlyClose(kept.transport()));
    }
}

package org.rapport.communication.impl;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.osgi.service.event.Event;
import org.rapport.communication.api.DeliveryException;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.MessageEvents;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.guard.PluginFault;
import org.rapport.guard.PluginGuard;
import org.rapport.guard.PluginGuards;
import org.rapport.guard.PluginState;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.privacy.spi.ConsentVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due messages, one at a time, on one thread. A message is claimed by moving its next
 * attempt a lease ahead, so a node that dies mid-send leaves it to be tried again when the lease
 * ends (a message is sent at least once). The consent gate is asked just before each attempt; a
 * failure that may pass is retried after a wait that doubles each time, up to a limit.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How long a claimed message is left alone by other dispatchers. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final EnumSet<MessageStatus> DUE = EnumSet.of(MessageStatus.QUEUED, MessageStatus.RETRYING);
    private static final SecureRandom KEYS = new SecureRandom();

    /** How the dispatcher sends. */
    record Settings(int batchSize, int maxAttempts, Duration retryAfter, Duration retryAtMost, Duration channelBudget,
            int suspendAfterFaults) {

        Settings {
            if (channelBudget.isNegative() || channelBudget.isZero() || suspendAfterFaults < 1) {
                throw new IllegalArgumentException("in " + CommunicationConfig.PID + ", channelBudgetSeconds and "
                        + "suspendChannelAfterFaults must be at least 1");
            }
            if (batchSize < 1 || maxAttempts < 1 || retryAfter.isNegative() || retryAfter.isZero()
                    || retryAtMost.compareTo(retryAfter) < 0) {
                throw new IllegalArgumentException("in " + CommunicationConfig.PID + ", batchSize and maxAttempts must be "
                        + "at least 1, retryAfterSeconds at least 1 and retryAtMostSeconds at least retryAfterSeconds");
            }
        }

        static Settings of(CommunicationConfig config) {
            return new Settings(config.batchSize(), config.maxAttempts(), Duration.ofSeconds(config.retryAfterSeconds()),
                    Duration.ofSeconds(config.retryAtMostSeconds()), Duration.ofSeconds(config.channelBudgetSeconds()),
                    config.suspendChannelAfterFaults());
        }

        /** The wait after the {@code attempts}-th failed attempt. */
        Duration backoff(int attempts) {
            Duration wait = retryAfter;
            for (int i = 1; i < attempts && wait.compareTo(retryAtMost) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(retryAtMost) > 0 ? retryAtMost : wait;
        }
    }

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final InteractionService interactions;
    private final ConsentGate gate;
    private final ChannelRegistry channels;
    private final Clock clock;
    private volatile Settings settings;
    private final Consumer<Event> events;
    private final PluginGuard guard;
    private volatile ScheduledExecutorService executor;
    private long pollMillis;
    private volatile boolean stopping;

    Dispatcher(EntityManagerFactory emf, ContactService contacts, InteractionService interactions, ConsentGate gate,
            ChannelRegistry channels, Clock clock, Settings settings, Consumer<Event> events) {
        this.emf = emf;
        this.contacts = contacts;
        this.interactions = interactions;
        this.gate = gate;
        this.channels = channels;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
        this.guard = PluginGuards.open(ChannelPolicy.of(settings.channelBudget(), settings.suspendAfterFaults()), clock,
                events);
    }

    /**
     * New settings while running: batch size, attempts and waits from the next poll, the poll interval
     * from now on. The channels' budget and suspension stay as the guard opened them (its records of
     * faulty channels are not thrown away by an edit); they change when communication next starts.
     */
    void reconfigure(Settings newSettings, long pollMillis) {
        Settings old = settings;
        settings = newSettings;
        if (!old.channelBudget().equals(newSettings.channelBudget())
                || old.suspendAfterFaults() != newSettings.suspendAfterFaults()) {
            LOG.warn("channelBudgetSeconds and suspendChannelAfterFaults in etc/{}.cfg apply when communication next "
                    + "starts", CommunicationConfig.PID);
        }
        ScheduledExecutorService running = executor;
        if (running != null && pollMillis != this.pollMillis) {
            running.shutdown();
            start(pollMillis);
        }
    }

    void start(long pollMillis) {
        stopping = false;
        this.pollMillis = pollMillis;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-message-dispatcher");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runQuietly, pollMillis, Math.max(100, pollMillis), TimeUnit.MILLISECONDS);
    }

    /** The channels' time budgets and fault records. */
    PluginGuard guard() {
        return guard;
    }

    /** Looks for due messages now rather than at the next poll. */
    void wake() {
        ScheduledExecutorService e = executor;
        if (e != null) {
            try {
                e.execute(this::runQuietly);
            } catch (RejectedExecutionException shutDown) {
                // Shutting down: the next start looks again.
            }
        }
    }

    /**
     * Stops after the message being sent, without interrupting it: an interrupt in the middle of a
     * database call closes Derby's connection.
     */
    void stop() {
        stopping = true;
        guard.close();
        ScheduledExecutorService e = executor;
        executor = null;
        if (e != null) {
            e.shutdown();
            try {
                if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("The message dispatcher did not stop within 30 s; interrupting it");
                    e.shutdownNow();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("The message dispatcher failed; it tries again at its next poll", e);
        }
    }

    /**
     * Attempts every message due now, a batch at a time.
     *
     * @return how many attempts were made
     */
    int runOnce() {
        int attempted = 0;
        while (!stopping) {
            Instant now = clock.instant();
            // A suspended channel's messages wait for it; the others go on.
            Set<String> suspended = guard.states().stream().filter(PluginState::suspended).map(PluginState::name)
                    .collect(Collectors.toSet());
            List<Object[]> due = Transactions.read(emf, em -> {
                TypedQuery<Object[]> query = em.createQuery("select m.id, m.nextAttemptAt from MessageEntity m "
                        + "where m.status in :due and m.nextAttemptAt <= :now"
                        + (suspended.isEmpty() ? "" : " and m.channel not in :suspended")
                        + " order by m.nextAttemptAt, m.id", Object[].class)
                        .setParameter("due", DUE).setParameter("now", now).setMaxResults(settings.batchSize());
                return (suspended.isEmpty() ? query : query.setParameter("suspended", suspended)).getResultList();
            });
            for (Object[] row : due) {
                if (stopping) {
                    return attempted;
                }
                long id = (Long) row[0];
                if (claim(id, (Instant) row[1], now)) {
                    attempt(id, now);
                    attempted++;
                }
            }
            if (due.size() < settings.batchSize()) {
                return attempted;
            }
        }
        return attempted;
    }

    /**
     * The message's delivery key: drawn and stored before its first attempt, the same for every
     * later one (the message is claimed, so no other attempt draws one meanwhile).
     */
    private String deliveryKey(MessageEntity stored) {
        if (stored.deliveryKey != null) {
            return stored.deliveryKey;
        }
        byte[] bits = new byte[16];
        KEYS.nextBytes(bits);
        String key = HexFormat.of().formatHex(bits);
        Transactions.run(emf, em -> em.createQuery("update MessageEntity m set m.deliveryKey = :k where m.id = :id")
                .setParameter("k", key).setParameter("id", stored.id).executeUpdate());
        return key;
    }

    private boolean claim(long id, Instant seen, Instant now) {
        return Transactions.inTransaction(emf, em -> em.createQuery("update MessageEntity m set m.nextAttemptAt = :lease "
                + "where m.id = :id and m.nextAttemptAt = :seen and m.status in :due")
                .setParameter("lease", now.plus(LEASE)).setParameter("id", id).setParameter("seen", seen)
                .setParameter("due", DUE).executeUpdate() == 1);
    }

    private void attempt(long id, Instant now) {
        MessageEntity stored = Transactions.read(emf, em -> em.find(MessageEntity.class, id));
        Message m = stored.toMessage();
        Map<String, String> headers = MessageHeaders.decode(stored.headers);
        Optional<Contact> contact = contacts.find(m.contactId());
        if (contact.isEmpty()) {
            failed(m, "contact " + m.contactId() + " no longer exists", true);
            return;
        }
        Optional<MessageChannel> channel = channels.find(m.channel());
        if (channel.isEmpty()) {
            failed(m, "channel '" + m.channel() + "' is not registered", false);
            return;
        }
        Channel medium = channel.get().medium();
        if (medium == Channel.EMAIL) {
            Optional<String> bounced = Transactions.read(emf, em -> Bounces.undeliverable(em, m.address()));
            if (bounced.isPresent()) {
                failed(m, "the address is undeliverable after a hard bounce (" + bounced.get() + "); nothing was sent",
                        true);
                return;
            }
        }
        ConsentVerdict verdict;
        try {
            verdict = gate.check(m.contactId(), m.purpose(), medium == null ? null : medium.label(),
                    "message " + m.id() + " '" + m.template() + "' by " + m.channel(), m.requester());
        } catch (RuntimeException e) {
            failed(m, "the consent gate could not be asked: " + describe(e), false);
            return;
        }
        if (!verdict.allowed()) {
            settle(m, MessageStatus.BLOCKED, verdict.reason(), null, false);
            LOG.info("Message {} to contact {} blocked by the consent gate: {}", m.id(), m.contactId(), verdict.reason());
            post(MessageEvents.BLOCKED, m);
            return;
        }
        String providerReference;
        try {
            OutgoingMessage outgoing = new OutgoingMessage(m.id(), m.contactId(), m.address(), m.subject(), m.body(),
                    m.language(), m.purpose(), headers, stored.inReplyTo, stored.references == null ? List.of()
                            : List.of(stored.references.split("\n")), stored.html, MessageFiles.decode(stored.attachments),
                    deliveryKey(stored));
            providerReference = guard.call(m.channel(), "with message " + m.id(), () -> channel.get().deliver(outgoing));
        } catch (DeliveryException e) {
            failed(m, e.getMessage(), e.permanent());
            return;
        } catch (PluginFault e) {
            if (e.kind() == PluginFault.Kind.SUSPENDED) {
                // Suspended since this batch was read: the message waits for the channel, no attempt counted.
                release(m);
                return;
            }
            if (e.suspendedNow()) {
                events.accept(new Event(MessageEvents.CHANNEL_SUSPENDED, Map.of(MessageEvents.CHANNEL, m.channel(),
                        MessageEvents.REASON, e.getMessage())));
            }
            failed(m, e.getMessage(), false);
            return;
        }
        Instant sentAt = clock.instant();
        settle(m, MessageStatus.SENT, null, providerReference, true);
        LOG.debug("Message {} to contact {} sent by {} ({})", m.id(), m.contactId(), m.channel(), providerReference);
        post(MessageEvents.SENT, m);
        onTimeline(m, channel.get(), sentAt);
    }

    private void release(Message m) {
        Transactions.run(emf, em -> {
            MessageEntity e = em.find(MessageEntity.class, m.id());
            if (e != null) {
                e.nextAttemptAt = clock.instant();
            }
        });
    }

    private void failed(Message m, String reason, boolean permanent) {
        int attempts = m.attempts() + 1;
        if (permanent || attempts >= settings.maxAttempts()) {
            settle(m, MessageStatus.FAILED, reason, null, true);
            LOG.warn("Message {} to contact {} failed for good after {} attempt(s): {}", m.id(), m.contactId(), attempts,
                    Redacted.reason(reason));
            post(MessageEvents.FAILED, m);
        } else {
            Duration wait = settings.backoff(attempts);
            Transactions.run(emf, em -> {
                MessageEntity e = em.find(MessageEntity.class, m.id());
                if (e != null) {
                    e.status = MessageStatus.RETRYING;
                    e.attempts = attempts;
                    e.lastError = Columns.clip(reason, 1000);
                    e.nextAttemptAt = clock.instant().plus(wait);
                }
            });
            LOG.info("Message {} to contact {} not sent (attempt {}): {}; next attempt in {} s", m.id(), m.contactId(),
                    attempts, Redacted.reason(reason), wait.toSeconds());
        }
    }

    private void settle(Message m, MessageStatus status, String reason, String providerReference, boolean attempted) {
        Transactions.run(emf, em -> {
            MessageEntity e = em.find(MessageEntity.class, m.id());
            if (e == null) {
                return; // erased meanwhile
            }
            e.status = status;
            e.attempts = m.attempts() + (attempted ? 1 : 0);
            e.lastError = reason == null ? null : Columns.clip(reason, 1000);
            e.providerReference = providerReference == null ? null : Columns.clip(providerReference, 300);
            e.nextAttemptAt = null;
            if (status == MessageStatus.SENT) {
                e.sentAt = clock.instant();
            }
        });
    }

    private void onTimeline(Message m, MessageChannel channel, Instant sentAt) {
        Map<String, String> payload = new HashMap<>();
        payload.put("messageId", Long.toString(m.id()));
        payload.put("template", m.template());
        payload.put("channel", m.channel());
        payload.put("purpose", m.purpose());
        try {
            interactions.record(m.contactId(), new NewInteraction(channel.medium().label(), "outbound", "message", sentAt,
                    m.subject() != null ? m.subject() : "message '" + m.template() + "'", payload), "communication");
        } catch (RuntimeException e) {
            LOG.warn("Message {} was sent but could not be put on contact {}'s timeline: {}", m.id(), m.contactId(),
                    describe(e));
        }
    }

    private void post(String topic, Message m) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(MessageEvents.MESSAGE_ID, m.id());
        properties.put(MessageEvents.CONTACT_ID, m.contactId());
        properties.put(MessageEvents.CHANNEL, m.channel());
        properties.put(MessageEvents.TEMPLATE, m.template());
        if (m.reference() != null) {
            properties.put(MessageEvents.REFERENCE, m.reference());
        }
        events.accept(new Event(topic, properties));
    }

    private static String describe(Throwable e) {
        String text = e.getMessage();
        return text == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + text;
    }
}

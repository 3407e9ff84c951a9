package org.rapport.communication.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.persistence.EntityManagerFactory;

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
import org.rapport.guard.PluginFault;
import org.rapport.guard.PluginGuard;
import org.rapport.guard.PluginGuards;
import org.rapport.guard.PluginState;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.privacy.spi.ConsentQuestion;
import org.rapport.privacy.spi.ConsentVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due messages a page at a time: one thread finds, claims and reads a page in one
 * transaction ({@link OutboxPages}), the {@code senders} threads attempt its messages side by side,
 * and the page's outcomes are settled in one transaction. A message is claimed by moving its next attempt a lease ahead, so a
 * node that dies mid-page leaves the page's messages to be tried again when the lease ends (a
 * message is sent at least once; those of the page it had sent, again). The consent gate is asked
 * about the page's messages at once ({@link ConsentGate#checkAll}) just before they are attempted;
 * a failure that may pass is retried after a wait that doubles each time, up to a limit. Once
 * started, the sent messages go on their contacts' timelines a page at a time on a thread of their
 * own ({@link SentTimeline}), while the next page leaves.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How long a claimed message is left alone by other dispatchers. */
    static final Duration LEASE = Duration.ofMinutes(5);
    /** The most sender threads: each holds a connection of its channel (an SMTP connection) while it sends. */
    static final int MAX_SENDERS = 16;

    private final OutboxPages outbox;
    private final ContactService contacts;
    private final SentTimeline timeline;
    private final ConsentGate gate;
    private final ChannelRegistry channels;
    private final Clock clock;
    private volatile DispatchSettings settings;
    private final Consumer<Event> events;
    private final PluginGuard guard;
    private final ThreadPoolExecutor senders;
    private volatile ScheduledExecutorService executor;
    private long pollMillis;
    private volatile boolean stopping;
    private final AtomicBoolean woken = new AtomicBoolean();

    Dispatcher(EntityManagerFactory emf, ContactService contacts, InteractionService interactions, ConsentGate gate,
            ChannelRegistry channels, Clock clock, DispatchSettings settings, Consumer<Event> events) {
        this.outbox = new OutboxPages(emf);
        this.contacts = contacts;
        this.timeline = new SentTimeline(interactions, outbox);
        this.gate = gate;
        this.channels = channels;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
        this.guard = PluginGuards.open(ChannelPolicy.of(settings.channelBudget(), settings.suspendAfterFaults()), clock,
                events);
        AtomicInteger numbers = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(settings.senders(), settings.senders(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "rapport-message-sender-" + numbers.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        senders.allowCoreThreadTimeOut(true);
    }

    /**
     * New settings while running: batch size, attempts and waits from the next poll, the poll interval
     * and the number of senders from now on. The channels' budget and suspension stay as the guard opened them (its records of
     * faulty channels are not thrown away by an edit); they change when communication next starts.
     */
    void reconfigure(DispatchSettings newSettings, long pollMillis) {
        DispatchSettings old = settings;
        settings = newSettings;
        if (newSettings.senders() > senders.getMaximumPoolSize()) {
            senders.setMaximumPoolSize(newSettings.senders());
            senders.setCorePoolSize(newSettings.senders());
        } else {
            senders.setCorePoolSize(newSettings.senders());
            senders.setMaximumPoolSize(newSettings.senders());
        }
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
        timeline.start();
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

    /**
     * Looks for due messages now rather than at the next poll. Wakes while one is pending are one: a
     * sender queueing a thousand messages has them found in pages, not in a thousand looks.
     */
    void wake() {
        ScheduledExecutorService e = executor;
        if (e != null && woken.compareAndSet(false, true)) {
            try {
                e.execute(() -> {
                    woken.set(false); // what is queued from now on wakes it again
                    runQuietly();
                });
            } catch (RejectedExecutionException shutDown) {
                woken.set(false); // shutting down: the next start looks again
            }
        }
    }

    /**
     * Stops after the messages being sent, without interrupting them: an interrupt in the middle of a
     * database call closes Derby's connection. The page's messages not yet attempted go back to the
     * queue, due at once.
     */
    void stop() {
        stopping = true;
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
        senders.shutdown();
        guard.close();
        timeline.close();
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("The message dispatcher failed; it tries again at its next poll", e);
        }
    }

    /**
     * Attempts every message due now, a page at a time.
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
            int batchSize = settings.batchSize();
            OutboxPages.Page page = outbox.claim(now, suspended, batchSize, now.plus(LEASE));
            attempted += sendPage(page.claimed());
            if (page.found() < batchSize) {
                return attempted;
            }
        }
        return attempted;
    }

    /**
     * Sends a page of claimed messages: the consent gate asked about the page's messages at once
     * just before they leave, the allowed ones attempted on the sender threads; then settles them in
     * one transaction and hands the sent ones to their contacts' timelines.
     *
     * @return how many attempts were made
     */
    private int sendPage(List<OutboxPages.Claimed> page) {
        if (page.isEmpty()) {
            return 0;
        }
        Map<Long, Contact> known = new HashMap<>();
        contacts.find(page.stream().map(c -> c.message().contactId()).distinct().toList())
                .forEach(c -> known.put(c.id(), c));
        Map<String, String> bounced = outbox.undeliverable(page.stream().filter(c -> channels.find(c.message().channel())
                .map(ch -> ch.medium() == Channel.EMAIL).orElse(false)).map(c -> c.message().address()).toList());
        List<OutboxPages.Outcome> decided = new ArrayList<>();
        for (OutboxPages.Claimed c : page) {
            decided.add(beforeTheGate(c.message(), known.containsKey(c.message().contactId()), bounced));
        }
        askTheGate(page, decided);
        List<OutboxPages.Outcome> outcomes = all(IntStream.range(0, page.size())
                .mapToObj(i -> (Callable<OutboxPages.Outcome>) () -> {
                    if (decided.get(i) != null) {
                        return decided.get(i);
                    }
                    try {
                        return attempt(page.get(i));
                    } catch (RuntimeException e) {
                        // Settled with the page all the same: the messages sent beside it are not sent again.
                        return failed(page.get(i).message(), "the attempt failed: " + describe(e), false);
                    }
                }).toList());
        outbox.settle(outcomes);
        List<SentTimeline.Sent> sent = new ArrayList<>();
        for (OutboxPages.Outcome o : outcomes) {
            Message m = o.message();
            if (o.status() == MessageStatus.SENT) {
                post(MessageEvents.SENT, m);
                channels.find(m.channel()).ifPresent(channel -> sent.add(new SentTimeline.Sent(m, channel.medium(),
                        o.sentAt())));
            } else if (o.status() == MessageStatus.BLOCKED) {
                post(MessageEvents.BLOCKED, m);
            } else if (o.status() == MessageStatus.FAILED) {
                post(MessageEvents.FAILED, m);
            }
        }
        timeline.record(sent);
        return outcomes.size();
    }

    /** What becomes of a message without asking the gate (its contact or channel gone, its address bounced), or null. */
    private OutboxPages.Outcome beforeTheGate(Message m, boolean contactExists, Map<String, String> bounced) {
        if (stopping) {
            return release(m); // claimed, not attempted: tried again at once by the next start
        }
        if (!contactExists) {
            return failed(m, "contact " + m.contactId() + " no longer exists", true);
        }
        Optional<MessageChannel> channel = channels.find(m.channel());
        if (channel.isEmpty()) {
            return failed(m, "channel '" + m.channel() + "' is not registered", false);
        }
        String bounce = channel.get().medium() == Channel.EMAIL && m.address() != null
                ? bounced.get(m.address().strip().toLowerCase(Locale.ROOT)) : null;
        if (bounce != null) {
            return failed(m, "the address is undeliverable after a hard bounce (" + bounce + "); nothing was sent", true);
        }
        return null;
    }

    /**
     * Asks the consent gate, in one batch, about each message of the page not decided yet: a refused
     * one is blocked with the gate's reason; when the gate cannot be asked, each is tried again later.
     */
    private void askTheGate(List<OutboxPages.Claimed> page, List<OutboxPages.Outcome> decided) {
        List<Integer> asked = new ArrayList<>();
        List<ConsentQuestion> questions = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            if (decided.get(i) == null) {
                Message m = page.get(i).message();
                Channel medium = channels.find(m.channel()).map(MessageChannel::medium).orElse(null);
                asked.add(i);
                questions.add(new ConsentQuestion(m.contactId(), m.purpose(), medium == null ? null : medium.label(),
                        "message " + m.id() + " '" + m.template() + "' by " + m.channel(), m.requester()));
            }
        }
        if (questions.isEmpty()) {
            return;
        }
        List<ConsentVerdict> verdicts;
        try {
            verdicts = gate.checkAll(questions);
        } catch (RuntimeException e) {
            asked.forEach(i -> decided.set(i, failed(page.get(i).message(), "the consent gate could not be asked: "
                    + describe(e), false)));
            return;
        }
        for (int k = 0; k < asked.size(); k++) {
            ConsentVerdict verdict = verdicts.get(k);
            if (!verdict.allowed()) {
                Message m = page.get(asked.get(k)).message();
                LOG.info("Message {} to contact {} blocked by the consent gate: {}", m.id(), m.contactId(),
                        verdict.reason());
                decided.set(asked.get(k), new OutboxPages.Outcome(m, MessageStatus.BLOCKED, verdict.reason(), null,
                        false, null, null));
            }
        }
    }

    /** Runs the work on the sender threads and waits for all of it: each answer, in order. */
    private <T> List<T> all(List<Callable<T>> work) {
        List<T> answers = new ArrayList<>();
        try {
            for (Future<T> done : senders.invokeAll(work)) {
                answers.add(done.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the message dispatcher was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a message could not be attempted: " + describe(e.getCause()), e.getCause());
        }
        return answers;
    }

    /**
     * One attempt of a claimed message the gate allowed, on a sender thread: what became of it,
     * stored by the caller.
     */
    private OutboxPages.Outcome attempt(OutboxPages.Claimed claimed) {
        Message m = claimed.message();
        if (stopping) {
            return release(m); // claimed, not attempted: tried again at once by the next start
        }
        Optional<MessageChannel> channel = channels.find(m.channel());
        if (channel.isEmpty()) {
            return failed(m, "channel '" + m.channel() + "' is not registered", false);
        }
        String providerReference;
        try {
            OutgoingMessage outgoing = new OutgoingMessage(m.id(), m.contactId(), m.address(), m.subject(), m.body(),
                    m.language(), m.purpose(), claimed.headers(), claimed.inReplyTo(), claimed.references(), m.html(),
                    claimed.hasFiles() ? MessageFiles.decode(outbox.files(m.id())) : List.of(), claimed.deliveryKey());
            providerReference = guard.call(m.channel(), "with message " + m.id(), () -> channel.get().deliver(outgoing));
        } catch (DeliveryException e) {
            return failed(m, e.getMessage(), e.permanent());
        } catch (PluginFault e) {
            if (e.kind() == PluginFault.Kind.SUSPENDED) {
                // Suspended since this page was read: the message waits for the channel, no attempt counted.
                return release(m);
            }
            if (e.suspendedNow()) {
                events.accept(new Event(MessageEvents.CHANNEL_SUSPENDED, Map.of(MessageEvents.CHANNEL, m.channel(),
                        MessageEvents.REASON, e.getMessage())));
            }
            return failed(m, e.getMessage(), false);
        }
        LOG.debug("Message {} to contact {} sent by {} ({})", m.id(), m.contactId(), m.channel(), providerReference);
        return new OutboxPages.Outcome(m, MessageStatus.SENT, null, providerReference, true, null, clock.instant());
    }

    /** Back in the queue as it was, due now, without an attempt counted. */
    private OutboxPages.Outcome release(Message m) {
        return new OutboxPages.Outcome(m, m.status(), m.lastError(), m.providerReference(), false, clock.instant(), null);
    }

    private OutboxPages.Outcome failed(Message m, String reason, boolean permanent) {
        int attempts = m.attempts() + 1;
        if (permanent || attempts >= settings.maxAttempts()) {
            LOG.warn("Message {} to contact {} failed for good after {} attempt(s): {}", m.id(), m.contactId(), attempts,
                    Redacted.reason(reason));
            return new OutboxPages.Outcome(m, MessageStatus.FAILED, reason, null, true, null, null);
        }
        Duration wait = settings.backoff(attempts);
        LOG.info("Message {} to contact {} not sent (attempt {}): {}; next attempt in {} s", m.id(), m.contactId(),
                attempts, Redacted.reason(reason), wait.toSeconds());
        return new OutboxPages.Outcome(m, MessageStatus.RETRYING, reason, null, true, clock.instant().plus(wait), null);
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

    static String describe(Throwable e) {
        String text = e.getMessage();
        return text == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + text;
    }
}

package org.rapport.communication.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.rapport.communication.api.DeliveryException;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.MessageEvents;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.privacy.spi.AuditEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a faulty channel (a partner's plugin) from harming the rest: each channel delivers on a
 * thread of its own within a time budget, and its faults (throwing instead of answering, or not
 * answering in time) are counted. A refusal the channel reports ({@link DeliveryException}) is an
 * answer, not a fault. After so many faults in a row the channel is suspended: its messages wait,
 * the other channels go on, and the administrator is told (the log at ERROR, the audit log as
 * {@code channel.suspended}, and {@link MessageEvents#CHANNEL_SUSPENDED} on Event Admin) until
 * they resume it.
 */
final class ChannelGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelGuard.class);

    /** A channel's record: faults in a row, the last one, and since when it is suspended (or null). */
    record Record(int faults, String lastFault, Instant suspendedAt) {
        static final Record CLEAN = new Record(0, null, null);
    }

    /** The channel did not answer as a channel must: it threw, or took longer than its budget. */
    static final class ChannelFault extends Exception {
        private static final long serialVersionUID = 1L;

        ChannelFault(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Duration budget;
    private final int suspendAfter;
    private final Clock clock;
    private final Consumer<Event> events;
    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final Map<String, ExecutorService> threads = new ConcurrentHashMap<>();

    ChannelGuard(Duration budget, int suspendAfter, Clock clock, Consumer<Event> events) {
        this.budget = budget;
        this.suspendAfter = suspendAfter;
        this.clock = clock;
        this.events = events;
    }

    /** Delivers through {@code channel} within the budget; a fault is counted and thrown as {@link ChannelFault}. */
    String deliver(String name, MessageChannel channel, OutgoingMessage message) throws DeliveryException, ChannelFault {
        ExecutorService thread = threads.computeIfAbsent(name, n -> Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rapport-channel-" + n);
            t.setDaemon(true);
            return t;
        }));
        Future<String> delivery = thread.submit(() -> channel.deliver(message));
        try {
            String reference = delivery.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            records.put(name, Record.CLEAN);
            return reference;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeliveryException refusal) {
                records.put(name, Record.CLEAN);
                throw refusal;
            }
            throw fault(name, "channel '" + name + "' failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            delivery.cancel(true);
            // The stuck thread is left to itself; the channel's next delivery gets a new one.
            threads.remove(name, thread);
            thread.shutdownNow();
            throw fault(name, "channel '" + name + "' did not answer within " + budget.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delivery.cancel(true);
            throw fault(name, "delivery through channel '" + name + "' was interrupted", e);
        }
    }

    private ChannelFault fault(String name, String reason, Throwable cause) {
        Record before = records.getOrDefault(name, Record.CLEAN);
        int faults = before.faults() + 1;
        boolean suspend = before.suspendedAt() == null && faults >= suspendAfter;
        Record after = new Record(faults, reason, suspend ? clock.instant() : before.suspendedAt());
        records.put(name, after);
        if (suspend) {
            LOG.error("Message channel '{}' suspended after {} faults in a row (last: {}); its messages wait until an "
                    + "administrator resumes it (channels:resume {})", name, faults, Redacted.reason(reason), name);
            events.accept(new Event(MessageEvents.CHANNEL_SUSPENDED, Map.of(MessageEvents.CHANNEL, name,
                    MessageEvents.REASON, reason)));
            audit("system", "channel.suspended", name, "suspended after " + faults + " faults: " + reason);
        } else {
            LOG.warn("Message channel '{}': fault {} of {} before it is suspended: {}", name, faults, suspendAfter,
                    Redacted.reason(reason));
        }
        return new ChannelFault(reason, cause);
    }

    /** The channels suspended now. */
    Set<String> suspended() {
        Set<String> names = new TreeSet<>();
        records.forEach((name, record) -> {
            if (record.suspendedAt() != null) {
                names.add(name);
            }
        });
        return names;
    }

    Optional<Record> record(String name) {
        return Optional.ofNullable(records.get(name)).filter(r -> r.faults() > 0 || r.suspendedAt() != null);
    }

    /** Lets a suspended channel deliver again, with a clean record; false if it was not suspended. */
    boolean resume(String name, String requester) {
        Record before = records.get(name);
        if (before == null || before.suspendedAt() == null) {
            return false;
        }
        records.put(name, Record.CLEAN);
        LOG.info("Message channel '{}' resumed by {}", name, requester);
        audit(requester, "channel.resumed", name, "resumed");
        return true;
    }

    private void audit(String actor, String action, String channel, String after) {
        events.accept(new Event(AuditEvents.TOPIC, Map.of(AuditEvents.ACTOR, actor, AuditEvents.ACTION, action,
                AuditEvents.SUBJECT, "channel " + channel, AuditEvents.AFTER, after)));
    }

    void close() {
        threads.values().forEach(ExecutorService::shutdownNow);
        threads.clear();
    }
}

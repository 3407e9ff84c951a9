package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionListener;
import org.rapport.privacy.spi.AuditEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the {@link InteractionListener}s of plugins, each on a thread of its own, so one that is
 * slow or stuck holds up no one: the caller never waits. A call that throws, or is not done
 * within the budget (then it is interrupted and the listener gets a new thread), is a fault;
 * after so many faults in a row the listener is suspended, its waiting calls dropped, and the
 * administrator told (the log at ERROR, the audit log as {@code listener.suspended}) until they
 * resume it.
 */
public final class InteractionListeners {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionListeners.class);

    /** What Rapport knows of a listener: how many calls it took and failed, and whether it is suspended. */
    public record Status(String name, long delivered, int faultsInARow, String lastFault, Instant suspendedAt) {
    }

    private final class Entry {
        final String name;
        final InteractionListener listener;
        ExecutorService thread = newThread();
        long delivered;
        int faults;
        String lastFault;
        Instant suspendedAt;

        Entry(String name, InteractionListener listener) {
            this.name = name;
            this.listener = listener;
        }

        ExecutorService newThread() {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "rapport-listener-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        synchronized Status status() {
            return new Status(name, delivered, faults, lastFault, suspendedAt);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-listener-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Duration budget;
    private final int suspendAfter;
    private final Clock clock;
    private final Consumer<Event> events;

    InteractionListeners(Duration budget, int suspendAfter, Clock clock, Consumer<Event> events) {
        this.budget = budget;
        this.suspendAfter = suspendAfter;
        this.clock = clock;
        this.events = events;
    }

    void add(String name, InteractionListener listener) {
        Entry previous = entries.put(name, new Entry(name, listener));
        if (previous != null) {
            LOG.warn("Interaction listener '{}' registered again: the newer one replaces the older", name);
            previous.thread.shutdownNow();
        }
    }

    void remove(InteractionListener listener) {
        entries.values().removeIf(e -> {
            if (e.listener == listener) {
                e.thread.shutdownNow();
                return true;
            }
            return false;
        });
    }

    /** Hands the interaction to every listener not suspended, and returns at once. */
    void deliver(Interaction interaction) {
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                if (entry.suspendedAt == null) {
                    try {
                        entry.thread.execute(() -> call(entry, interaction));
                    } catch (RejectedExecutionException removedMeanwhile) {
                        // The listener went away.
                    }
                }
            }
        }
    }

    /**
     * One call, on the listener's thread; the budget runs from when it starts. The call and its
     * watchdog race to settle it: in time (success or fault) or cut off, never both.
     */
    private void call(Entry entry, Interaction interaction) {
        Thread worker = Thread.currentThread();
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> dog = watchdog.schedule(() -> {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            fault(entry, "listener '" + entry.name + "' took longer than " + budget.toMillis() + " ms with interaction "
                    + interaction.id());
            synchronized (entry) {
                if (entry.suspendedAt == null) {
                    // The listener's later calls go on on a new thread; the stuck one is interrupted and left.
                    List<Runnable> waiting = entry.thread.shutdownNow();
                    entry.thread = entry.newThread();
                    waiting.forEach(entry.thread::execute);
                }
            }
            worker.interrupt();
        }, budget.toMillis(), TimeUnit.MILLISECONDS);
        try {
            entry.listener.recorded(interaction);
            if (settled.compareAndSet(false, true)) {
                dog.cancel(false);
                succeeded(entry);
            }
        } catch (RuntimeException | Error e) {
            if (settled.compareAndSet(false, true)) {
                dog.cancel(false);
                fault(entry, "listener '" + entry.name + "' failed on interaction " + interaction.id() + ": " + e);
            }
        }
    }

    private void succeeded(Entry entry) {
        synchronized (entry) {
            entry.delivered++;
            entry.faults = 0;
        }
    }

    private void fault(Entry entry, String reason) {
        boolean suspend;
        int faults;
        synchronized (entry) {
            if (entry.suspendedAt != null) {
                return;
            }
            faults = ++entry.faults;
            entry.lastFault = reason;
            suspend = faults >= suspendAfter;
            if (suspend) {
                entry.suspendedAt = clock.instant();
                // Its waiting calls are dropped; resumed, it hears of what comes next.
                entry.thread.shutdownNow();
                entry.thread = entry.newThread();
            }
        }
        if (suspend) {
            LOG.error("Interaction listener '{}' suspended after {} faults in a row (last: {}); it hears of no "
                    + "interaction until an administrator resumes it (interactions:listeners --resume {})", entry.name,
                    faults, reason, entry.name);
            audit("system", "listener.suspended", entry.name, "suspended after " + faults + " faults: " + reason);
        } else {
            LOG.warn("Interaction listener '{}': fault {} of {} before it is suspended: {}", entry.name, faults,
                    suspendAfter, reason);
        }
    }

    /** Every listener registered, by name. */
    List<Status> status() {
        List<Status> all = new ArrayList<>();
        entries.values().forEach(e -> all.add(e.status()));
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    /** Lets a suspended listener hear of interactions again, with a clean record; false if it was not suspended. */
    boolean resume(String name, String requester) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (entry.suspendedAt == null) {
                return false;
            }
            entry.suspendedAt = null;
            entry.faults = 0;
            entry.lastFault = null;
        }
        LOG.info("Interaction listener '{}' resumed by {}", name, requester);
        audit(requester, "listener.resumed", name, "resumed");
        return true;
    }

    private void audit(String actor, String action, String listener, String after) {
        events.accept(new Event(AuditEvents.TOPIC, Map.of(AuditEvents.ACTOR, actor, AuditEvents.ACTION, action,
                AuditEvents.SUBJECT, "listener " + listener, AuditEvents.AFTER, after)));
    }

    void close() {
        watchdog.shutdownNow();
        entries.values().forEach(e -> e.thread.shutdownNow());
        entries.clear();
    }
}

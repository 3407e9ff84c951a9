package org.rapport.events.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one subscription's deliveries of a pass: the URL checked once for the pass (the
 * connections kept open from earlier passes stay only while they go to an address this check
 * passed), then the deliveries on up to {@code connectionsPerSubscription} connections side by
 * side. A pass holds at most one delivery per contact, so side by side they keep each contact's
 * order. The deliveries that were answered are recorded together, in one transaction, after the
 * pass; a failed attempt is recorded when it fails (with the faults in a row, and the suspension
 * they may bring, which stops the pass), and the first delivery after faults clears them.
 */
final class Courier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Courier.class);

    private final Settings settings;
    private final Secrets secrets;
    private final Targets targets;
    private final SubscriptionStore subscriptions;
    private final Outbox outbox;
    private final Sender sender;
    /** Told of a subscription suspended, with the reason. */
    private final BiConsumer<Subscription, String> suspended;
    private final ExecutorService lanes;
    /** Each subscription's connections, kept open from one pass to the next. */
    private final Map<Long, Link[]> links = new ConcurrentHashMap<>();

    Courier(Settings settings, Secrets secrets, Targets targets, SubscriptionStore subscriptions, Outbox outbox,
            Sender sender, BiConsumer<Subscription, String> suspended) {
        this.settings = settings;
        this.secrets = secrets;
        this.targets = targets;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.sender = sender;
        this.suspended = suspended;
        AtomicInteger threads = new AtomicInteger();
        this.lanes = Executors.newFixedThreadPool(settings.deliveryThreads() * settings.connections(), r -> {
            Thread t = new Thread(r, "rapport-events-connection-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One subscription's pass, its state shared by the connections sending side by side. */
    private final class Pass {
        final Subscription s;
        final List<Outbox.Due> due;
        final Instant now;
        /** The next delivery to send and how many are being sent; guarded by this. */
        int next;
        int inFlight;
        final AtomicInteger attempted = new AtomicInteger();
        final List<Long> delivered = new ArrayList<>();
        /** The faults in a row as last written; guarded by this. */
        int faults;
        /** Set when the subscription is suspended: no further attempt starts; guarded by this. */
        boolean stopped;
        Targets.Target target;
        String secret;
        /** Why nothing can be sent in this pass (the URL refused now, the secret unreadable), or null. */
        String refused;

        Pass(Subscription s, List<Outbox.Due> due, Instant now) {
            this.s = s;
            this.due = due;
            this.now = now;
            this.faults = s.faults();
        }

        /** Sends on one connection while deliveries are left and the subscription is not suspended. */
        Void send(Link link) throws InterruptedException {
            for (int i = take(); i >= 0; i = take()) {
                Outbox.Due d = due.get(i);
                String error = refused;
                if (error == null) {
                    try {
                        error = sender.send(link, target, secret, d.event(), now);
                    } catch (IllegalStateException e) {
                        error = e.getMessage();
                    }
                }
                attempted.incrementAndGet();
                try {
                    if (error == null) {
                        answered(d);
                    } else {
                        failed(d.delivery(), error);
                    }
                } catch (RuntimeException e) {
                    stop();
                    throw e;
                }
            }
            return null;
        }

        /**
         * The next delivery to send, or -1 when none is left or the subscription is suspended. No
         * more attempts are under way at once than faults would suspend the subscription: so it
         * is suspended at exactly {@code suspendAfter} failed attempts in a row, as one after
         * another would be.
         */
        private synchronized int take() throws InterruptedException {
            while (!stopped && inFlight > 0 && settings.suspendAfter() > 0 && faults + inFlight >= settings.suspendAfter()) {
                wait();
            }
            if (stopped || next >= due.size()) {
                return -1;
            }
            inFlight++;
            return next++;
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
        }

        private synchronized void answered(Outbox.Due d) {
            inFlight--;
            notifyAll();
            delivered.add(d.delivery().id());
            if (faults > 0) {
                subscriptions.answered(s.id());
                faults = 0;
            }
        }

        /** Records a failed attempt, and the suspension it may bring, which ends the pass. */
        private synchronized void failed(Delivery d, String error) {
            inFlight--;
            notifyAll();
            int attempts = d.attempts() + 1;
            Instant retry = attempts >= settings.maxAttempts() ? null : now.plus(settings.waitAfter(attempts));
            outbox.failed(d.id(), error, retry);
            if (retry == null) {
                LOG.warn("Event {} ({}) is dead-lettered for subscription '{}' after {} attempts: {}", d.eventId(),
                        d.type(), s.name(), attempts, error);
            }
            faults = subscriptions.fault(s.id(), error);
            if (settings.suspendAfter() > 0 && faults >= settings.suspendAfter() && subscriptions.suspend(s.id(), now)) {
                stopped = true;
                LOG.error("Subscription '{}' is suspended after {} failed attempts in a row (last: {}); its events wait "
                        + "until events:resume {}", s.name(), faults, error, s.id());
                suspended.accept(s, faults + " failed attempts in a row; last: " + error);
            }
        }
    }

    /** Sends the subscription's deliveries of a pass; answers how many were attempted. */
    int deliver(Subscription s, List<Outbox.Due> due, Instant now) {
        Pass pass = new Pass(s, due, now);
        try {
            pass.target = targets.check(s.url());
            pass.secret = secrets.open(subscriptions.sealedSecret(s.id()));
        } catch (IllegalArgumentException refused) {
            pass.refused = "refused: " + refused.getMessage();
        } catch (IllegalStateException unsigned) {
            // A node with another key file: a failed attempt, which the administrator sees and suspension ends.
            pass.refused = unsigned.getMessage();
        }
        // A refusal fails one delivery after another, as sending would, until suspension ends the pass; the
        // connections kept open are given up, whatever address they go to.
        if (pass.refused != null) {
            forget(s.id());
        }
        int width = pass.refused != null ? 1 : Math.min(settings.connections(), due.size());
        Link[] open = links.computeIfAbsent(s.id(), id -> newLinks());
        List<Future<Void>> others = new ArrayList<>();
        try {
            for (int i = 1; i < width; i++) {
                Link link = open[i];
                others.add(lanes.submit(() -> pass.send(link)));
            }
            pass.send(open[0]);
            for (Future<Void> f : others) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pass.stop();
        } catch (ExecutionException e) {
            pass.stop();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            synchronized (pass) {
                outbox.delivered(pass.delivered, now);
            }
        }
        return pass.attempted.get();
    }

    private Link[] newLinks() {
        Link[] created = new Link[settings.connections()];
        for (int i = 0; i < created.length; i++) {
            created[i] = new Link();
        }
        return created;
    }

    /** Closes the connections of subscriptions other than those given (removed, suspended). */
    void keepOnly(Collection<Long> active) {
        links.keySet().stream().filter(id -> !active.contains(id)).toList().forEach(this::forget);
    }

    /** Closes a subscription's connections. */
    void forget(long subscription) {
        Link[] open = links.remove(subscription);
        if (open != null) {
            for (Link link : open) {
                link.close();
            }
        }
    }

    @Override
    public void close() {
        lanes.shutdownNow();
        List.copyOf(links.keySet()).forEach(this::forget);
    }
}

package org.rapport.events.impl;

import java.time.Duration;

/**
 * The configuration as the service uses it, checked once.
 *
 * @param suspendAfter     failed attempts in a row that suspend a subscription; 0: never
 * @param keep             how long events are kept for replay after they were written
 * @param deliveryThreads  how many subscriptions are delivered to side by side
 * @param maxReplayEvents  the most deliveries one subscription may have waiting after a replay
 * @param connections      how many connections one subscription is sent to on side by side, each
 *                         kept open; different contacts' events only
 */
record Settings(boolean allowPrivateTargets, boolean allowPlainHttp, boolean allowLoopbackTargets, int maxAttempts,
        Duration backoff, Duration maxBackoff, int suspendAfter, Duration timeout, String source, Duration keep,
        int deliveryThreads, int maxReplayEvents, int connections) {

    Settings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts in " + EventsConfig.PID + " must be 1 or more, not "
                    + maxAttempts);
        }
        if (suspendAfter < 0) {
            throw new IllegalArgumentException("suspendAfter in " + EventsConfig.PID + " must be 0 (never) or more, not "
                    + suspendAfter);
        }
        if (deliveryThreads < 1 || deliveryThreads > 32) {
            throw new IllegalArgumentException("deliveryThreads in " + EventsConfig.PID + " must be 1 to 32, not "
                    + deliveryThreads);
        }
        if (connections < 1 || connections > 16) {
            throw new IllegalArgumentException("connectionsPerSubscription in " + EventsConfig.PID + " must be 1 to 16, "
                    + "not " + connections);
        }
        if (maxReplayEvents < 1) {
            throw new IllegalArgumentException("maxReplayEvents in " + EventsConfig.PID + " must be 1 or more, not "
                    + maxReplayEvents);
        }
    }

    static Settings of(EventsConfig c) {
        return new Settings(c.allowPrivateTargets(), c.allowPlainHttp(), c.allowLoopbackTargets(), c.maxAttempts(),
                Duration.ofSeconds(Math.max(1, c.backoffSeconds())), Duration.ofSeconds(Math.max(1, c.maxBackoffSeconds())),
                c.suspendAfter(), Duration.ofSeconds(Math.max(1, c.timeoutSeconds())), c.source(),
                Duration.ofDays(Math.max(1, c.keepDays())), c.deliveryThreads(), c.maxReplayEvents(),
                c.connectionsPerSubscription());
    }

    /** The shipped defaults, with the targets' rules given. */
    static Settings defaults(boolean allowPrivateTargets, boolean allowPlainHttp, boolean allowLoopbackTargets) {
        return new Settings(allowPrivateTargets, allowPlainHttp, allowLoopbackTargets, 8, Duration.ofSeconds(10),
                Duration.ofHours(1), 20, Duration.ofSeconds(10), "/rapport", Duration.ofDays(30), 4, 10_000, 4);
    }

    Settings withAttempts(int attempts, int suspend) {
        return new Settings(allowPrivateTargets, allowPlainHttp, allowLoopbackTargets, attempts, backoff, maxBackoff,
                suspend, timeout, source, keep, deliveryThreads, maxReplayEvents, connections);
    }

    Settings withReplayCap(int events) {
        return new Settings(allowPrivateTargets, allowPlainHttp, allowLoopbackTargets, maxAttempts, backoff, maxBackoff,
                suspendAfter, timeout, source, keep, deliveryThreads, events, connections);
    }

    Settings withConnections(int perSubscription) {
        return new Settings(allowPrivateTargets, allowPlainHttp, allowLoopbackTargets, maxAttempts, backoff, maxBackoff,
                suspendAfter, timeout, source, keep, deliveryThreads, maxReplayEvents, perSubscription);
    }

    /** The wait after the {@code attempts}-th failed attempt: the backoff, doubled for each one before, capped. */
    Duration waitAfter(int attempts) {
        int doublings = Math.min(30, Math.max(0, attempts - 1));
        Duration wait = backoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}

package org.rapport.sales.impl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submissions per form and client address in the current minute, counted in a fixed window: at
 * most {@code perMinute} pass in a minute. The windows of past minutes are dropped as a new one
 * starts, so a flood of addresses holds one minute's keys at most.
 */
final class FormRateLimit {

    private final int perMinute;
    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long minute = -1;

    FormRateLimit(int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("formRequestsPerMinute: at least 1, not " + perMinute);
        }
        this.perMinute = perMinute;
    }

    /** Counts a submission; false when the address has sent its share to the form this minute. */
    boolean tryAcquire(String form, String address, long epochMillis) {
        long now = epochMillis / 60_000;
        if (now != minute) {
            synchronized (this) {
                if (now != minute) {
                    counts.clear();
                    minute = now;
                }
            }
        }
        return counts.computeIfAbsent(form + " " + address, k -> new AtomicInteger()).incrementAndGet() <= perMinute;
    }
}

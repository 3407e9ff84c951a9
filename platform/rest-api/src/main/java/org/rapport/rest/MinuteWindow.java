package org.rapport.rest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests per key in the current minute, counted in a fixed window: at most {@code perMinute}
 * pass in a minute. The counts of past minutes are dropped as a new one starts, so a flood of keys
 * holds one minute's keys at most. For the limits a capability sets on its own public paths, below
 * the REST server's limit for every public path (a web form, an unsubscribe or tracking link).
 */
public final class MinuteWindow {

    private final int perMinute;
    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long minute = Long.MIN_VALUE;

    /** @throws IllegalArgumentException for fewer than one request a minute */
    public MinuteWindow(int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a limit must allow at least 1 request a minute, not " + perMinute);
        }
        this.perMinute = perMinute;
    }

    /** Counts a request of {@code key} at {@code epochMillis}; false once the key made its share this minute. */
    public boolean tryAcquire(String key, long epochMillis) {
        long now = epochMillis / 60_000;
        if (now != minute) {
            synchronized (this) {
                if (now != minute) {
                    counts.clear();
                    minute = now;
                }
            }
        }
        return counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= perMinute;
    }
}

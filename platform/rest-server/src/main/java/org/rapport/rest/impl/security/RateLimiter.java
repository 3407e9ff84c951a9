package org.rapport.rest.impl.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client address): {@code perMinute} tokens, refilled evenly over a
 * minute. Buckets that are full again are dropped once the map grows, so a flood of addresses
 * cannot grow memory without bound.
 */
final class RateLimiter {

    private static final int PRUNE_ABOVE = 10_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perMinute, LongSupplier nanoClock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate limit must allow at least 1 request per minute, not " + perMinute);
        }
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
    }

    RateLimiter(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    /** Takes a token for {@code key}; false when its bucket is empty. */
    boolean tryAcquire(String key) {
        if (buckets.size() > PRUNE_ABOVE) {
            prune();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(perMinute, nanoClock.getAsLong())).take(perMinute, nanoClock.getAsLong());
    }

    /** Whether {@code key} has no token left, without taking one. */
    boolean exhausted(String key) {
        Bucket bucket = buckets.get(key);
        return bucket != null && bucket.available(perMinute, nanoClock.getAsLong()) < 1;
    }

    /** How long until {@code key} has a token again: zero when it has one now. */
    long nanosUntilToken(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return 0;
        }
        double missing = 1 - bucket.available(perMinute, nanoClock.getAsLong());
        return missing <= 0 ? 0 : (long) Math.ceil(missing * MINUTE_NANOS / perMinute);
    }

    /** Gives {@code key} a full bucket again. */
    void forget(String key) {
        buckets.remove(key);
    }

    private void prune() {
        long now = nanoClock.getAsLong();
        buckets.values().removeIf(bucket -> bucket.available(perMinute, now) >= perMinute);
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
        }

        synchronized boolean take(int capacity, long now) {
            refill(capacity, now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized double available(int capacity, long now) {
            refill(capacity, now);
            return tokens;
        }

        private void refill(int capacity, long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * (double) capacity / MINUTE_NANOS);
            updated = now;
        }
    }
}

package org.rapport.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in tests for what happens on other threads: polls a condition until it holds or a
 * deadline passes, then fails naming what it waited for. A deadline, never a fixed sleep: a
 * fast machine goes on at once, a busy one gets the time it needs.
 */
public final class Await {

    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean(), Boolean::booleanValue);
    }

    /** Reads {@code read} until what it answers is {@code done}, and answers that; fails with {@code what} after {@code timeout}. */
    public static <T> T value(String what, Duration timeout, Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + " (last seen: " + value + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
            value = read.get();
        }
        return value;
    }
}

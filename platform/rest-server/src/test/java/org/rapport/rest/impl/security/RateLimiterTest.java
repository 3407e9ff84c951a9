package org.rapport.rest.impl.security;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(3, now::get);

    @Test
    public void aClientGetsItsQuotaThenWaits() {
        assertTrue(limiter.tryAcquire("10.0.0.1"));
        assertTrue(limiter.tryAcquire("10.0.0.1"));
        assertTrue(limiter.tryAcquire("10.0.0.1"));
        assertFalse(limiter.tryAcquire("10.0.0.1"));
        assertTrue(limiter.exhausted("10.0.0.1"));
        assertTrue("another client has its own quota", limiter.tryAcquire("10.0.0.2"));
        now.addAndGet(20_000_000_000L);
        assertFalse(limiter.exhausted("10.0.0.1"));
        assertTrue("a third of a minute refills one of three", limiter.tryAcquire("10.0.0.1"));
        assertFalse(limiter.tryAcquire("10.0.0.1"));
    }

    @Test
    public void anUnknownClientIsNotExhausted() {
        assertFalse(limiter.exhausted("10.0.0.9"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aLimitOfNothingIsRefused() {
        new RateLimiter(0);
    }
}

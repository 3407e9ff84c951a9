package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.Test;
import org.rapport.testing.MutableClock;

/** The public address links are made from (https only), and the per-address limit of the public paths. */
public class PublicLinksTest {

    @Test
    public void linksAreHttpsAndPlainHttpOnlyToLoopbackWhenAllowed() {
        assertEquals("https://crm.example/api/v1/track/open/t", new PublicLinks("https://crm.example/", false).open("t"));
        assertNull(new PublicLinks("https://crm.example:8443/rapport", false).problem());
        assertNull(new PublicLinks("http://localhost:8181", true).problem());
        assertNull(new PublicLinks("http://127.0.0.1:8181", true).problem());
        assertNull(new PublicLinks("http://[::1]:8181", true).problem());
        for (String refused : new String[] {"http://localhost:8181", "http://crm.example", "ftp://crm.example",
            "https://crm.example/?next=x", "https://user@crm.example", "", "crm.example"}) {
            String problem = new PublicLinks(refused, false).problem();
            assertTrue(refused + ": " + problem, problem != null && problem.startsWith("publicUrl in etc/org.rapport.campaigns.cfg: "));
        }
        assertTrue(new PublicLinks("http://crm.example", true).problem().contains("must be https"));
        assertTrue(new PublicLinks("http://10.0.0.1", true).problem().contains("must be https"));
        assertTrue(new PublicLinks("", false).problem().contains("not set"));
    }

    @Test
    public void eachAddressHasItsShareOfPublicRequestsAMinute() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:10Z"));
        PublicRequests limit = new PublicRequests(3, clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limit.allow("198.51.100.7"));
        }
        assertFalse(limit.allow("198.51.100.7"));
        assertTrue("another address has its own share", limit.allow("203.0.113.9"));
        clock.advance(Duration.ofMinutes(1));
        assertTrue("the next minute", limit.allow("198.51.100.7"));
    }
}

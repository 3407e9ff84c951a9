package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.junit.Test;

public class TrustedProxiesTest {

    private static final String PROXY = "10.0.0.5";
    private final TrustedProxies proxies = TrustedProxies.of("10.0.0.0/24", "fd00::/8", "192.0.2.9");

    private static Enumeration<String> headers(String... values) {
        return Collections.enumeration(List.of(values));
    }

    @Test
    public void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
        assertEquals("203.0.113.7", proxies.client("203.0.113.7", headers("198.51.100.1")));
        assertEquals("nothing trusted by default", "10.0.0.5",
                TrustedProxies.of().client("10.0.0.5", headers("198.51.100.1")));
        assertTrue(TrustedProxies.of(" ", "").isEmpty());
    }

    @Test
    public void aTrustedProxyNamesTheClient() {
        assertEquals("198.51.100.1", proxies.client(PROXY, headers("198.51.100.1")));
        assertEquals("IPv6 proxy", "2001:db8::1", proxies.client("fd12::1", headers("2001:db8::1")));
        assertEquals("a proxy without the header is the client", PROXY, proxies.client(PROXY, headers()));
        assertEquals(PROXY, proxies.client(PROXY, null));
    }

    @Test
    public void theRightMostUntrustedHopIsTheClientNotWhatTheClientWrote() {
        assertEquals("the client wrote 1.1.1.1 itself; the proxy saw 198.51.100.1", "198.51.100.1",
                proxies.client(PROXY, headers("1.1.1.1, 198.51.100.1")));
        assertEquals("trusted hops in the chain are skipped", "198.51.100.1",
                proxies.client(PROXY, headers("1.1.1.1, 198.51.100.1, 10.0.0.7, 192.0.2.9")));
        assertEquals("several headers are one list", "198.51.100.1",
                proxies.client(PROXY, headers("1.1.1.1", "198.51.100.1, 10.0.0.7")));
        assertEquals("all hops trusted: the left-most", "10.0.0.7", proxies.client(PROXY, headers("10.0.0.7, 10.0.0.8")));
    }

    @Test
    public void aHopThatIsNoAddressStopsAtTheTrustedHopRightOfIt() {
        assertEquals(PROXY, proxies.client(PROXY, headers("unknown")));
        assertEquals("no name is looked up", "10.0.0.7", proxies.client(PROXY, headers("198.51.100.1, evil.example, 10.0.0.7")));
        assertEquals(PROXY, proxies.client(PROXY, headers("300.1.1.1")));
        assertEquals("ports and brackets are taken off", "198.51.100.1", proxies.client(PROXY, headers("198.51.100.1:5555")));
        assertEquals("2001:db8::2", proxies.client(PROXY, headers("[2001:db8::2]:443")));
    }

    @Test
    public void networksMatchByPrefix() {
        assertTrue(proxies.trusted("10.0.0.255"));
        assertFalse(proxies.trusted("10.0.1.0"));
        assertTrue(proxies.trusted("192.0.2.9"));
        assertFalse(proxies.trusted("192.0.2.10"));
        assertTrue(proxies.trusted("fdff::1"));
        assertFalse(proxies.trusted("fe80::1"));
        assertFalse(proxies.trusted("not an address"));
        assertTrue(TrustedProxies.of("0.0.0.0/0").trusted("8.8.8.8"));
    }

    @Test
    public void aBadEntryIsNamed() {
        for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0.0/x", "fd00::/129")) {
            try {
                TrustedProxies.of(bad);
                fail(bad + " accepted");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("'" + bad + "'"));
            }
        }
    }
}

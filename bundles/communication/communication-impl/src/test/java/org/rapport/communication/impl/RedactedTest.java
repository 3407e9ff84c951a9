package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RedactedTest {

    @Test
    public void addressesAndNumbersAreMaskedAndTheRestKept() {
        assertEquals("550 5.1.1 <(address)>: mailbox unavailable",
                Redacted.reason("550 5.1.1 <ada.lovelace+news@example.co.uk>: mailbox unavailable"));
        assertEquals("SMS gateway: (number) unreachable, retry in 30 s",
                Redacted.reason("SMS gateway: +44 20 7946 0001 unreachable, retry in 30 s"));
        assertEquals("connection refused", Redacted.reason("connection refused"));
    }
}

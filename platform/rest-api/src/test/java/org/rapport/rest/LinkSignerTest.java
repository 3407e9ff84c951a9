package org.rapport.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LinkSignerTest {

    @Test
    public void aSignatureIsTheHmacSha256OfTheTextUnderTheSecretInBase64Url() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assertEquals("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM", LinkSigner.sign("Jefe", "what do ya want for nothing?"));
    }

    @Test
    public void anotherSecretOrTextSignsDifferently() {
        String secret = LinkSigner.newSecret();
        assertEquals(43, secret.length());
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"));
        assertNotEquals(secret, LinkSigner.newSecret());
        assertNotEquals(LinkSigner.sign(secret, "survey 1 2"), LinkSigner.sign(secret, "survey 1 3"));
        assertNotEquals(LinkSigner.sign(secret, "survey 1 2"), LinkSigner.sign(LinkSigner.newSecret(), "survey 1 2"));
    }

    @Test
    public void onlyTheSameTokenIsTheSame() {
        String token = "7-" + LinkSigner.sign("secret", "unsubscribe 7");
        assertTrue(LinkSigner.same(token, "7-" + LinkSigner.sign("secret", "unsubscribe 7")));
        assertFalse(LinkSigner.same(token, token.substring(0, token.length() - 1)));
        assertFalse(LinkSigner.same(token, token + "x"));
        assertFalse(LinkSigner.same(token, null));
        assertFalse(LinkSigner.same(null, token));
    }
}

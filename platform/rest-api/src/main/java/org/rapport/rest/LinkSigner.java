package org.rapport.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the tokens of links sent to customers, which their holders follow without signing in (an
 * unsubscribe or tracking link, a survey's answer page): HMAC-SHA256 under a secret drawn at random
 * for each thing linked to and kept with it, so a token cannot be made without the database and
 * stays good across restarts and nodes. A token handed in is compared in constant time, so how long
 * a refusal takes says nothing about how much of it was right.
 */
public final class LinkSigner {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HMAC = "HmacSHA256";

    private LinkSigner() {
    }

    /** A new secret: 32 random bytes, base64url (43 characters). */
    public static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return B64.encodeToString(secret);
    }

    /** The signature of {@code text} under {@code secret}: HMAC-SHA256, base64url without padding (43 characters). */
    public static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), HMAC));
            return B64.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + HMAC, e);
        }
    }

    /** Whether the token handed in is the one expected, compared in constant time; false for null. */
    public static boolean same(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}

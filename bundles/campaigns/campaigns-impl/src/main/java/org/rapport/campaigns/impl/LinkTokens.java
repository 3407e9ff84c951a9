package org.rapport.campaigns.impl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens of the links in campaign messages, each {@code <recipient id>-<HMAC-SHA256 base64url>}
 * under the campaign's secret: the unsubscribe token signs the recipient, its campaign and contact;
 * the open token the same as an open; a click token ({@code <recipient id>-<signature>-<link name>})
 * also the link's name and the URL it leads to, so that it leads nowhere else; an accept token the
 * offer its message showed. The secret is drawn at
 * random for each campaign and kept with it, so a token cannot be made without the database and
 * stays good across restarts and nodes; a token is checked in constant time.
 */
final class LinkTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private LinkTokens() {
    }

    /** A new campaign's secret: 32 random bytes, base64url. */
    static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return B64.encodeToString(secret);
    }

    static String token(String secret, long recipientId, long campaignId, long contactId) {
        return recipientId + "-" + signature(secret, recipientId, campaignId, contactId);
    }

    /** The recipient a token claims to be for, or empty when it is not shaped like a token at all. */
    static OptionalLong recipient(String token) {
        if (token == null || token.length() > 80 || !token.matches("[0-9]{1,18}-[A-Za-z0-9_-]{43}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(token.substring(0, token.indexOf('-'))));
    }

    /** Whether {@code token} is the one this server signed for the recipient. */
    static boolean valid(String token, String secret, long recipientId, long campaignId, long contactId) {
        return same(token(secret, recipientId, campaignId, contactId), token);
    }

    private static String signature(String secret, long recipientId, long campaignId, long contactId) {
        return sign(secret, "unsubscribe " + recipientId + " " + campaignId + " " + contactId);
    }

    /** The token of a recipient's tracking pixel. */
    static String openToken(String secret, long recipientId, long campaignId, long contactId) {
        return recipientId + "-" + sign(secret, "open " + recipientId + " " + campaignId + " " + contactId);
    }

    static boolean validOpen(String token, String secret, long recipientId, long campaignId, long contactId) {
        return same(openToken(secret, recipientId, campaignId, contactId), token);
    }

    /** The token of a recipient's tracked link {@code name} leading to {@code url}. */
    static String clickToken(String secret, long recipientId, long campaignId, long contactId, String name, String url) {
        return recipientId + "-" + sign(secret, "click " + recipientId + " " + campaignId + " " + contactId + " " + name
                + " " + url) + "-" + name;
    }

    /** A click token's recipient and link name, or empty when it is not shaped like one. */
    static Optional<Map.Entry<Long, String>> click(String token) {
        if (token == null || token.length() > 160 || !token.matches("[0-9]{1,18}-[A-Za-z0-9_-]{43}-[A-Za-z][A-Za-z0-9_-]{0,59}")) {
            return Optional.empty();
        }
        int dash = token.indexOf('-');
        return Optional.of(Map.entry(Long.parseLong(token.substring(0, dash)), token.substring(dash + 45)));
    }

    static boolean validClick(String token, String secret, long recipientId, long campaignId, long contactId,
            String name, String url) {
        return same(clickToken(secret, recipientId, campaignId, contactId, name, url), token);
    }

    /** The token of the accept link of the offer {@code code} a recipient's message showed. */
    static String acceptToken(String secret, long recipientId, long campaignId, long contactId, String code) {
        return recipientId + "-" + sign(secret, "accept " + recipientId + " " + campaignId + " " + contactId + " " + code);
    }

    static boolean validAccept(String token, String secret, long recipientId, long campaignId, long contactId,
            String code) {
        return code != null && same(acceptToken(secret, recipientId, campaignId, contactId, code), token);
    }

    private static boolean same(String expected, String token) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The reference of a recipient's message: its id and a tag signed with the campaign's secret,
     * so that nobody else (an agent or a partner key sending messages with references of their
     * own) can name a campaign's message before it is sent, or learn whom it is for.
     */
    static String reference(String secret, long recipientId) {
        return REFERENCE_PREFIX + recipientId + "-" + sign(secret, "reference " + recipientId).substring(0, 22);
    }

    /** What every campaign message's reference starts with. */
    static final String REFERENCE_PREFIX = "campaign-recipient-";

    private static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}

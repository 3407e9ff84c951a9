package org.rapport.campaigns.impl;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.rapport.rest.LinkSigner;

/**
 * The tokens of the links in campaign messages, each {@code <recipient id>-<HMAC-SHA256 base64url>}
 * under the campaign's secret: the unsubscribe token signs the recipient, its campaign and contact;
 * the open token the same as an open; a click token ({@code <recipient id>-<signature>-<link name>})
 * also the link's name and the URL it leads to, so that it leads nowhere else; an accept token the
 * offer its message showed. The secret is drawn at random for each campaign and kept with it; the
 * platform's {@link LinkSigner} signs and checks (in constant time).
 */
final class LinkTokens {

    private LinkTokens() {
    }

    /** A new campaign's secret: 32 random bytes, base64url. */
    static String newSecret() {
        return LinkSigner.newSecret();
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
        return LinkSigner.same(token(secret, recipientId, campaignId, contactId), token);
    }

    private static String signature(String secret, long recipientId, long campaignId, long contactId) {
        return LinkSigner.sign(secret, "unsubscribe " + recipientId + " " + campaignId + " " + contactId);
    }

    /** The token of a recipient's tracking pixel. */
    static String openToken(String secret, long recipientId, long campaignId, long contactId) {
        return recipientId + "-" + LinkSigner.sign(secret, "open " + recipientId + " " + campaignId + " " + contactId);
    }

    static boolean validOpen(String token, String secret, long recipientId, long campaignId, long contactId) {
        return LinkSigner.same(openToken(secret, recipientId, campaignId, contactId), token);
    }

    /** The token of a recipient's tracked link {@code name} leading to {@code url}. */
    static String clickToken(String secret, long recipientId, long campaignId, long contactId, String name, String url) {
        return recipientId + "-" + LinkSigner.sign(secret, "click " + recipientId + " " + campaignId + " " + contactId
                + " " + name + " " + url) + "-" + name;
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
        return LinkSigner.same(clickToken(secret, recipientId, campaignId, contactId, name, url), token);
    }

    /** The token of the accept link of the offer {@code code} a recipient's message showed. */
    static String acceptToken(String secret, long recipientId, long campaignId, long contactId, String code) {
        return recipientId + "-" + LinkSigner.sign(secret, "accept " + recipientId + " " + campaignId + " " + contactId
                + " " + code);
    }

    static boolean validAccept(String token, String secret, long recipientId, long campaignId, long contactId,
            String code) {
        return code != null && LinkSigner.same(acceptToken(secret, recipientId, campaignId, contactId, code), token);
    }

    /**
     * The reference of a recipient's message: its id and a tag signed with the campaign's secret,
     * so that nobody else (an agent or a partner key sending messages with references of their
     * own) can name a campaign's message before it is sent, or learn whom it is for.
     */
    static String reference(String secret, long recipientId) {
        return REFERENCE_PREFIX + recipientId + "-"
                + LinkSigner.sign(secret, "reference " + recipientId).substring(0, 22);
    }

    /** What every campaign message's reference starts with. */
    static final String REFERENCE_PREFIX = "campaign-recipient-";
}

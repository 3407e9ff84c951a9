package org.rapport.campaigns.impl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.rapport.campaigns.api.Variant;

/**
 * A campaign's template variants as its column keeps them ({@code spring-a:50,spring-b:50}), and
 * the split: a contact's variant follows from a hash of the campaign's and the contact's ids, so
 * it is the same every time it is asked and the shares hold over many contacts.
 */
final class Variants {

    private Variants() {
    }

    static String format(List<Variant> variants) {
        return variants.stream().map(v -> v.template() + ":" + v.share()).collect(Collectors.joining(","));
    }

    static List<Variant> parse(String text) {
        List<Variant> variants = new ArrayList<>();
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            variants.add(new Variant(part.substring(0, colon), Integer.parseInt(part.substring(colon + 1))));
        }
        return List.copyOf(variants);
    }

    /** The template the contact gets in the campaign. */
    static String choose(List<Variant> variants, long campaignId, long contactId) {
        int total = variants.stream().mapToInt(Variant::share).sum();
        long point = Math.floorMod(hash(campaignId + ":" + contactId), (long) total);
        for (Variant v : variants) {
            point -= v.share();
            if (point < 0) {
                return v.template();
            }
        }
        return variants.get(variants.size() - 1).template();
    }

    private static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package org.rapport.campaigns.impl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.rapport.campaigns.api.Variant;

/**
 * A campaign's template variants as its columns keep them ({@code spring-a:50,spring-b:50}; the
 * best-offer ones and their fallbacks apart, {@code spring-a=spring-plain}), and
 * the split: a contact's variant follows from a hash of the campaign's and the contact's ids, so
 * it is the same every time it is asked and the shares hold over many contacts.
 */
final class Variants {

    private Variants() {
    }

    static String format(List<Variant> variants) {
        return variants.stream().map(v -> v.template() + ":" + v.share()).collect(Collectors.joining(","));
    }

    /** The best-offer variants, {@code template=fallback} (fallback empty for none), or null when there are none. */
    static String formatOffers(List<Variant> variants) {
        String offers = variants.stream().filter(Variant::bestOffer)
                .map(v -> v.template() + "=" + (v.fallback() == null ? "" : v.fallback())).collect(Collectors.joining(","));
        return offers.isEmpty() ? null : offers;
    }

    static List<Variant> parse(String text, String offers) {
        Map<String, String> fallbacks = new HashMap<>();
        if (offers != null && !offers.isEmpty()) {
            for (String part : offers.split(",")) {
                int eq = part.indexOf('=');
                fallbacks.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        List<Variant> variants = new ArrayList<>();
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            String template = part.substring(0, colon);
            String fallback = fallbacks.get(template);
            variants.add(new Variant(template, Integer.parseInt(part.substring(colon + 1)), fallbacks.containsKey(template),
                    fallback == null || fallback.isEmpty() ? null : fallback));
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

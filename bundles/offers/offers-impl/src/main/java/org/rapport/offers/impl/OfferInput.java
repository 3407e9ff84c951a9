package org.rapport.offers.impl;

import org.rapport.offers.api.Offer;

/** Checks an offer as an analyst defines it; each refusal starts with the field at fault. */
final class OfferInput {

    static final String CODE = "[A-Za-z0-9][A-Za-z0-9_-]{0,39}";

    private OfferInput() {
    }

    /** The offer as it is stored (trimmed, code in upper case), or why it cannot be. */
    static Offer check(Offer offer) {
        if (offer == null) {
            throw new IllegalArgumentException("body: an offer is required: {\"code\", \"title\", \"kind\"}");
        }
        String code = code(offer.code());
        String title = offer.title() == null ? "" : offer.title().strip();
        if (title.isEmpty() || title.length() > 120) {
            throw new IllegalArgumentException("title is required, at most 120 characters");
        }
        String description = offer.description() == null || offer.description().isBlank() ? null
                : offer.description().strip();
        if (description != null && description.length() > 2000) {
            throw new IllegalArgumentException("description is longer than 2000 characters");
        }
        if (offer.kind() == null) {
            throw new IllegalArgumentException("kind is required: cross-sell, upsell or win-back");
        }
        if (offer.validFrom() != null && offer.validTo() != null && offer.validTo().isBefore(offer.validFrom())) {
            throw new IllegalArgumentException("validTo " + offer.validTo() + " is before validFrom " + offer.validFrom());
        }
        return new Offer(code, title, description, offer.kind(), offer.validFrom(), offer.validTo(), offer.active());
    }

    /** An offer's code as stored, in upper case, or why it is not one. */
    static String code(String code) {
        String c = code == null ? "" : code.strip();
        if (!c.matches(CODE)) {
            throw new IllegalArgumentException("code must be 1 to 40 letters, digits, '-' or '_', starting with a letter "
                    + "or digit, was '" + code + "'");
        }
        return c.toUpperCase(java.util.Locale.ROOT);
    }
}

package org.rapport.offers.api;

import java.util.Locale;

/** What an offer is for. */
public enum OfferKind {
    /** Something that goes with what the customer bought (beans for an espresso machine). */
    CROSS_SELL,
    /** A better version of what the customer bought. */
    UPSELL,
    /** A reason for a customer who stopped buying to come back. */
    WIN_BACK;

    /** {@code cross-sell}, {@code upsell}, {@code win-back}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The kind a label names, in any case, with {@code -} or {@code _}.
     *
     * @throws IllegalArgumentException naming the kinds there are
     */
    public static OfferKind parse(String label) {
        if (label != null) {
            String name = label.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (OfferKind kind : values()) {
                if (kind.name().equals(name)) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException("kind must be cross-sell, upsell or win-back, was '" + label + "'");
    }
}

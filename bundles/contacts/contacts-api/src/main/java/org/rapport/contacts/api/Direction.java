package org.rapport.contacts.api;

import java.util.Locale;

/** Who started an interaction: the customer ({@code INBOUND}) or the company ({@code OUTBOUND}). */
public enum Direction {
    INBOUND, OUTBOUND;

    public static Direction parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a direction; inbound or outbound");
        }
    }
}

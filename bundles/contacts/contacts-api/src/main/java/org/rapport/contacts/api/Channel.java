package org.rapport.contacts.api;

import java.util.Locale;

/** The way an interaction reached the customer or came from them. */
public enum Channel {
    EMAIL, PHONE, IN_PERSON, SOCIAL, WEB, CHAT, MAIL, OTHER;

    /** The channel named by {@code text}, in any case, with '-' or '_' between words. */
    public static Channel parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a channel; one of " + names());
        }
    }

    /** The names as they are written in requests: {@code email, phone, in-person, ...}. */
    public static String names() {
        StringBuilder names = new StringBuilder();
        for (Channel c : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(c.label());
        }
        return names.toString();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

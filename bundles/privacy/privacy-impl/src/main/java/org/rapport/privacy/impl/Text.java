package org.rapport.privacy.impl;

/** Checks and trims the text fields of privacy records. */
final class Text {

    private Text() {
    }

    /** {@code value} trimmed; refused when blank or longer than {@code max}. */
    static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return optional(field, value, max);
    }

    /** {@code value} trimmed, or null when blank; refused when longer than {@code max}. */
    static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        return v;
    }

    /** {@code value}, or its first {@code max} characters; "unknown" when null. */
    static String clip(String value, int max) {
        String v = value == null || value.isBlank() ? "unknown" : value;
        return v.length() > max ? v.substring(0, max) : v;
    }
}

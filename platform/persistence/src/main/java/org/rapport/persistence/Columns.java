package org.rapport.persistence;

/**
 * Fits text fields to the columns that store them: trimmed, refused with the field's name when
 * required and blank or when longer than the column, or cut to the column for values that are
 * only recorded (who asked, why something failed).
 */
public final class Columns {

    private Columns() {
    }

    /**
     * {@code value} trimmed.
     *
     * @throws IllegalArgumentException "{@code field} is required" when blank, or naming the field
     *         and the limit when longer than {@code max}
     */
    public static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return optional(field, value, max);
    }

    /**
     * {@code value} trimmed, or null when blank.
     *
     * @throws IllegalArgumentException naming the field and the limit when longer than {@code max}
     */
    public static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        return v;
    }

    /** {@code value}, or its first {@code max} characters; "unknown" when null or blank. */
    public static String clip(String value, int max) {
        String v = value == null || value.isBlank() ? "unknown" : value;
        return v.length() > max ? v.substring(0, max) : v;
    }
}

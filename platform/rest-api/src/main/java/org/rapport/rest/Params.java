package org.rapport.rest;

import java.security.Principal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Reading what every resource reads from a request: numbers, days and months in paths and queries, and who calls. */
public final class Params {

    private Params() {
    }

    /**
     * {@code value} as a whole number.
     *
     * @throws ApiException 400 naming {@code field}: "{@code field} is a whole number, not '...'"
     */
    public static long wholeNumber(String field, String value) {
        try {
            return Long.parseLong(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, field + " is a whole number, not '" + value + "'");
        }
    }

    /**
     * {@code value} as a day ({@code 2026-11-23}), or {@code otherwise} when it is absent or blank.
     *
     * @throws ApiException 400 naming {@code field}: "{@code field} is a day like 2026-11-23, not '...'"
     */
    public static LocalDate day(String field, String value, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, field + " is a day like 2026-11-23, not '" + value + "'");
        }
    }

    /**
     * {@code value} as a month ({@code 2026-11}), or {@code otherwise} when it is absent or blank.
     *
     * @throws ApiException 400 naming {@code field}: "{@code field} is a month like 2026-11, not '...'"
     */
    public static YearMonth month(String field, String value, YearMonth otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, field + " is a month like 2026-11, not '" + value + "'");
        }
    }

    /** Who calls, for the records a request writes: the user or API key's name, or {@code api}. */
    public static String actor(Principal caller) {
        return caller == null ? "api" : caller.getName();
    }
}

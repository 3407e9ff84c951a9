package org.rapport.rest;

import java.security.Principal;

/** Reading what every resource reads from a request: numbers in paths and queries, and who calls. */
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

    /** Who calls, for the records a request writes: the user or API key's name, or {@code api}. */
    public static String actor(Principal caller) {
        return caller == null ? "api" : caller.getName();
    }
}

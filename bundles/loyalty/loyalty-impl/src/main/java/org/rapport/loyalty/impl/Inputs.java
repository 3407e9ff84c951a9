package org.rapport.loyalty.impl;

/** Checks and trims what callers hand in: required and optional text, the actor, limits on points. */
final class Inputs {

    static final long MAX_POINTS = 1_000_000_000L;

    private Inputs() {
    }

    static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return optional(field, value, max);
    }

    static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        return v;
    }

    static String actor(String actor) {
        return actor == null || actor.isBlank() ? "system" : actor.length() > 120 ? actor.substring(0, 120) : actor;
    }
}

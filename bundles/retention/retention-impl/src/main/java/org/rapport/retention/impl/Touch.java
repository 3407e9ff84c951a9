package org.rapport.retention.impl;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A touchpoint as retention reads it from the timeline, and what it means for the customer's
 * profile:
 * <ul>
 * <li>{@code purchase}: a purchase in its month, with {@code payload.amount} added to the spend;</li>
 * <li>{@code visit}, {@code web-visit}, {@code store-visit}, {@code page-view}: a visit;</li>
 * <li>{@code complaint}: the last complaint;</li>
 * <li>{@code feedback} or {@code survey} with {@code payload.kind} {@code nps} or {@code csat} and
 * {@code payload.score} (or {@code payload.nps}, {@code payload.csat}): the last answer;</li>
 * <li>{@code support-case}, inbound: a case waiting for an answer, until an outbound
 * {@code support-reply}, {@code call}, {@code email}, {@code chat} or {@code meeting}.</li>
 * </ul>
 */
record Touch(long contactId, String direction, String type, Instant occurredAt, Map<String, String> payload) {

    private static final Set<String> VISITS = Set.of("visit", "web-visit", "store-visit", "page-view");
    private static final Set<String> ANSWERS = Set.of("support-reply", "call", "email", "chat", "meeting");

    boolean purchase() {
        return type.equals("purchase");
    }

    boolean visit() {
        return VISITS.contains(type);
    }

    boolean complaint() {
        return type.equals("complaint");
    }

    boolean caseOpened() {
        return type.equals("support-case") && direction.equals("inbound");
    }

    boolean answer() {
        return direction.equals("outbound") && ANSWERS.contains(type);
    }

    /** The amount of a purchase, or zero when the payload has none that reads as a number. */
    BigDecimal amount() {
        try {
            return payload.containsKey("amount") ? new BigDecimal(payload.get("amount").strip()) : BigDecimal.ZERO;
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    /** The score of an answer of {@code kind} ({@code nps} or {@code csat}), or null. */
    Integer score(String kind) {
        if (!type.equals("feedback") && !type.equals("survey")) {
            return null;
        }
        String value = payload.get(kind);
        if (value == null && kind.equalsIgnoreCase(String.valueOf(payload.get("kind")).toLowerCase(Locale.ROOT))) {
            value = payload.get("score");
        }
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the customer should be evaluated at once rather than at the next sweep. */
    boolean worthEvaluating() {
        return purchase() || complaint() || caseOpened() || answer() || score("nps") != null || score("csat") != null;
    }

    /** The calendar month (UTC) as {@code yyyymm}. */
    int month() {
        return month(YearMonth.from(occurredAt.atZone(ZoneOffset.UTC)));
    }

    static int month(YearMonth month) {
        return month.getYear() * 100 + month.getMonthValue();
    }

    static YearMonth month(int yyyymm) {
        return YearMonth.of(yyyymm / 100, yyyymm % 100);
    }
}

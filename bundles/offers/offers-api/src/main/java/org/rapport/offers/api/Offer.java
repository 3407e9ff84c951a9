package org.rapport.offers.api;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An offer of the catalogue. The offers rules name it by its code; it is offered only while it is
 * active and today is within its validity.
 *
 * @param code 1 to 40 letters, digits, {@code -} or {@code _}, as the rules name it ({@code ESPRESSO-MACHINE})
 * @param title what a customer or an agent reads, 1 to 120 characters
 * @param description more about it, or null (at most 2,000 characters)
 * @param validFrom the first day it may be offered, or null for no limit
 * @param validTo the last day it may be offered, or null for no limit
 * @param updatedBy who defined it last; set by the service
 * @param updatedAt when; set by the service
 */
public record Offer(String code, String title, String description, OfferKind kind, LocalDate validFrom,
        LocalDate validTo, boolean active, String updatedBy, Instant updatedAt) {

    /** An offer as an analyst defines it; who and when are set on saving. */
    public Offer(String code, String title, String description, OfferKind kind, LocalDate validFrom, LocalDate validTo,
            boolean active) {
        this(code, title, description, kind, validFrom, validTo, active, null, null);
    }

    /** Whether it may be offered on {@code day}. */
    public boolean offerable(LocalDate day) {
        return active && (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }
}

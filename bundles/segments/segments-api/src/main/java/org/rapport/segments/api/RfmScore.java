package org.rapport.segments.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A contact's recency, frequency and monetary scores, each 1 (lowest fifth of buyers) to 5 (highest
 * fifth), from its purchases in the scoring window: days since the latest purchase, how many
 * purchases, and their total amount.
 */
public record RfmScore(long contactId, int recency, int frequency, int monetary, Instant lastPurchase, long purchases,
        BigDecimal spent, Instant scoredAt) {

    /** The three scores as analysts write them, such as {@code 5-4-3}. */
    public String code() {
        return recency + "-" + frequency + "-" + monetary;
    }
}

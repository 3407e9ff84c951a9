package org.rapport.offers.api;

/**
 * An offer decided for a customer, with why.
 *
 * @param rank 1 for the best; the customer's offers are sorted by it
 * @param rule the rule that decided it (the best-ranked one, when several did)
 * @param release the rule package and release, as {@code offers v3}
 */
public record RankedOffer(String code, String title, String description, OfferKind kind, int rank, String rule,
        String release) {
}

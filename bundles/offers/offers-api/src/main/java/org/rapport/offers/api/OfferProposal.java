package org.rapport.offers.api;

/**
 * An offer an {@link OfferSource} proposes for a customer.
 *
 * @param offer the code of an offer of the catalogue ({@code TRAVEL-INSURANCE}), in any case
 * @param score how well it fits the customer in the source's view, 0 to 100; the rules may rank by it
 */
public record OfferProposal(String offer, int score) {
}

package org.rapport.loyalty.api;

/**
 * What recording a purchase did.
 *
 * @param entry the ledger entry that credited its points
 * @param member the member's standing after it
 * @param replayed true if the purchase had been recorded before and nothing new was stored
 */
public record PurchaseResult(PointsEntry entry, Member member, boolean replayed) {
}

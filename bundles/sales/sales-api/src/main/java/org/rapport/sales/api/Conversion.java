package org.rapport.sales.api;

/**
 * What converting a lead did.
 *
 * @param contactCreated whether the contact was created (false: the lead's contact was linked)
 * @param accountId the account the contact belongs to, or null when the lead names no company
 */
public record Conversion(Lead lead, long contactId, boolean contactCreated, Long accountId, Opportunity opportunity) {
}

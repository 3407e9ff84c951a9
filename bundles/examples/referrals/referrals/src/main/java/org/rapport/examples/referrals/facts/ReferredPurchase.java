package org.rapport.examples.referrals.facts;

import java.math.BigDecimal;

/**
 * A purchase by a customer whom another customer referred: the fact the referral rules judge.
 *
 * @param contactId the customer who bought
 * @param referrerId the customer who referred them
 * @param purchaseNumber which of the customer's purchases this is, 1 for the first
 * @param amount what was spent
 */
public record ReferredPurchase(long contactId, long referrerId, int purchaseNumber, BigDecimal amount) {

    public long getContactId() {
        return contactId;
    }

    public long getReferrerId() {
        return referrerId;
    }

    public int getPurchaseNumber() {
        return purchaseNumber;
    }

    public BigDecimal getAmount() {
        return amount;
    }
}

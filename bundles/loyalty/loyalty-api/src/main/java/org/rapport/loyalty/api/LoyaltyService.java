package org.rapport.loyalty.api;

import java.math.BigDecimal;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Records purchases and keeps each member's tier as the loyalty rules decide it. */
@ProviderType
public interface LoyaltyService {

    /**
     * Records a purchase by a contact and lets the active loyalty rules decide the member's tier,
     * in one transaction: if the rules cannot decide, nothing is stored.
     *
     * @param amount a positive amount with at most two decimals
     * @return the member's standing after the purchase
     * @throws IllegalArgumentException if the contact does not exist or the amount is invalid
     * @throws org.rapport.rules.api.RulesException if the loyalty rules cannot be evaluated
     */
    MemberStatus recordPurchase(long contactId, BigDecimal amount);

    /** A member's standing, if the contact has made a purchase. */
    Optional<MemberStatus> member(long contactId);
}

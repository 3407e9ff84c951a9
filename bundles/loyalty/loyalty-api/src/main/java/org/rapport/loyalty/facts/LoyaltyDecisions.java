package org.rapport.loyalty.facts;

/** The decisions the loyalty bundle applies, by type, with the attributes each one carries. */
public final class LoyaltyDecisions {

    /** The rule package the loyalty bundle evaluates. */
    public static final String RULE_PACKAGE = "loyalty";

    /**
     * Put the member (the decision's subject, a contact id) in a tier: attribute {@value #TIER}
     * names the tier.
     */
    public static final String SET_TIER = "loyalty.set-tier";

    /** Attribute of {@link #SET_TIER}: the tier's name. */
    public static final String TIER = "tier";

    private LoyaltyDecisions() {
    }
}

package org.rapport.examples.referrals.facts;

/** The decisions the referral rules make, and their attributes. */
public final class ReferralDecisions {

    /** The rule package. */
    public static final String RULE_PACKAGE = "referrals";
    /** Credit a customer points for a referral; subject: the customer credited. */
    public static final String AWARD = "referrals.award";
    /** Attribute: how many points. */
    public static final String POINTS = "points";
    /** Attribute: the referred customer whose purchase earned them. */
    public static final String REFERRED = "referred";

    private ReferralDecisions() {
    }
}

package org.rapport.loyalty.facts;

/** The decisions the loyalty bundle applies, by type, with the attributes each one carries. */
public final class LoyaltyDecisions {

    /** The rule package the loyalty bundle evaluates. */
    public static final String RULE_PACKAGE = "loyalty";

    /**
     * Put the member (the decision's subject, a contact id) in a tier: attribute {@value #TIER}
     * names the tier. Applied at once, for upgrades and downgrades alike; rules that downgrade
     * wait for {@link MemberActivity#getMonthsAtRisk()} to pass a grace period.
     */
    public static final String SET_TIER = "loyalty.set-tier";

    /** Attribute of {@link #SET_TIER}: the tier's name. */
    public static final String TIER = "tier";

    /**
     * The member's activity no longer earns their tier. The first such decision starts the
     * member's grace period; its months are counted in {@link MemberActivity#getMonthsAtRisk()}
     * until a downgrade, or until an evaluation without this decision ends it.
     */
    public static final String TIER_AT_RISK = "loyalty.tier-at-risk";

    /**
     * Credit points for a {@link Purchase} to its buyer (the subject): attribute {@value #POINTS}
     * (a positive whole number) and {@value #QUALIFYING} ({@code true} if the points count
     * towards tiers). Each decision becomes one line of the purchase's ledger entry, naming its
     * rule.
     */
    public static final String EARN = "loyalty.earn";

    /** Attribute of {@link #EARN}: how many points, a positive whole number. */
    public static final String POINTS = "points";

    /** Attribute of {@link #EARN}: {@code true} if the points count towards tiers; {@code false} by default. */
    public static final String QUALIFYING = "qualifying";

    /**
     * Attribute of {@link #EARN}: {@code year} or {@code month} to credit the rule's points to a
     * member at most once in that calendar period (UTC), such as a birthday bonus; a purchase that
     * would earn them again earns only its other points. Points the rule credited and that were
     * reversed do not count.
     */
    public static final String ONCE = "once";

    private LoyaltyDecisions() {
    }
}

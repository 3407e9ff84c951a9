package org.rapport.loyalty.facts;

import java.math.BigDecimal;

/**
 * A loyalty member's qualifying activity, handed to the {@code loyalty} rules whenever it
 * changes and when tiers are re-evaluated. Rules read it through its getters:
 * {@code MemberActivity( qualifyingPoints >= 5000, currentTier != "Gold" )}.
 */
public final class MemberActivity {

    private final long contactId;
    private final long qualifyingPoints;
    private final long qualifyingPointsSinceAnniversary;
    private final BigDecimal spendLast12Months;
    private final int purchasesLast12Months;
    private final String currentTier;
    private final int monthsInTier;
    private final int monthsAtRisk;

    public MemberActivity(long contactId, long qualifyingPoints, long qualifyingPointsSinceAnniversary,
            BigDecimal spendLast12Months, int purchasesLast12Months, String currentTier, int monthsInTier,
            int monthsAtRisk) {
        this.contactId = contactId;
        this.qualifyingPoints = qualifyingPoints;
        this.qualifyingPointsSinceAnniversary = qualifyingPointsSinceAnniversary;
        this.spendLast12Months = spendLast12Months == null ? BigDecimal.ZERO : spendLast12Months;
        this.purchasesLast12Months = purchasesLast12Months;
        this.currentTier = currentTier;
        this.monthsInTier = monthsInTier;
        this.monthsAtRisk = monthsAtRisk;
    }

    /** Activity described by spend alone, for rules that tier by spend. */
    public MemberActivity(long contactId, BigDecimal spendLast12Months, int purchasesLast12Months, String currentTier) {
        this(contactId, 0, 0, spendLast12Months, purchasesLast12Months, currentTier, 0, 0);
    }

    public long getContactId() {
        return contactId;
    }

    /** Qualifying points earned in the rolling twelve months up to now, less those reversed. */
    public long getQualifyingPoints() {
        return qualifyingPoints;
    }

    /**
     * Qualifying points earned since the member's last membership anniversary (the day they
     * joined, each year), for programmes that tier on the membership year instead.
     */
    public long getQualifyingPointsSinceAnniversary() {
        return qualifyingPointsSinceAnniversary;
    }

    /** Total of the member's purchases in the twelve months up to now (zero when not given). */
    public BigDecimal getSpendLast12Months() {
        return spendLast12Months;
    }

    public int getPurchasesLast12Months() {
        return purchasesLast12Months;
    }

    /** The member's tier before this evaluation, or null for a new member. */
    public String getCurrentTier() {
        return currentTier;
    }

    /** Whole months since the member entered their current tier. */
    public int getMonthsInTier() {
        return monthsInTier;
    }

    /**
     * Whole months since the rules first found the member at risk of losing their tier
     * ({@link LoyaltyDecisions#TIER_AT_RISK}) without a break; 0 when not at risk. Downgrade
     * rules wait on it for a grace period.
     */
    public int getMonthsAtRisk() {
        return monthsAtRisk;
    }

    @Override
    public String toString() {
        return "MemberActivity[contact " + contactId + ", qualifying points " + qualifyingPoints
                + " (since anniversary " + qualifyingPointsSinceAnniversary + "), spend " + spendLast12Months.toPlainString()
                + " in " + purchasesLast12Months + " purchases, tier " + currentTier + " for " + monthsInTier
                + " months, at risk for " + monthsAtRisk + " months]";
    }
}

package org.rapport.retention.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A customer's activity as the {@code retention} rules see it, built from every touchpoint on
 * their timeline and their loyalty standing. What never happened is null (no purchase, no survey
 * answer, no open support case), so rules test for it first:
 * {@code CustomerActivity( daysSinceLastPurchase != null, daysSinceLastPurchase > 90 )}.
 * Counts over time are by calendar month (UTC): the last three months are this month and the two
 * before it, compared with the customer's own average over the twelve months before those.
 */
public final class CustomerActivity {

    private final long contactId;
    private final String tier;
    private final String previousTier;
    private final Integer daysInTier;
    private final Integer daysSinceLastPurchase;
    private final int purchasesLast3Months;
    private final BigDecimal spendLast3Months;
    private final BigDecimal averageSpendPer3Months;
    private final int visitsLast3Months;
    private final double averageVisitsPer3Months;
    private final Integer daysSinceLastComplaint;
    private final Integer lastNps;
    private final Integer lastCsat;
    private final Integer daysCaseUnanswered;
    private final int customerForDays;

    /**
     * @param averageSpendPer3Months the customer's spend in the twelve months before the last three, per three months
     * @param averageVisitsPer3Months their visits in the twelve months before the last three, per three months
     * @param lastNps their last Net Promoter answer (0 to 10), or null
     * @param lastCsat their last satisfaction answer (1 to 5), or null
     * @param daysCaseUnanswered how long their oldest support case has waited for an answer, or null
     */
    public CustomerActivity(long contactId, String tier, String previousTier, Integer daysInTier,
            Integer daysSinceLastPurchase, int purchasesLast3Months, BigDecimal spendLast3Months,
            BigDecimal averageSpendPer3Months, int visitsLast3Months, double averageVisitsPer3Months,
            Integer daysSinceLastComplaint, Integer lastNps, Integer lastCsat, Integer daysCaseUnanswered, int customerForDays) {
        this.contactId = contactId;
        this.tier = tier;
        this.previousTier = previousTier;
        this.daysInTier = daysInTier;
        this.daysSinceLastPurchase = daysSinceLastPurchase;
        this.purchasesLast3Months = purchasesLast3Months;
        this.spendLast3Months = spendLast3Months == null ? BigDecimal.ZERO : spendLast3Months;
        this.averageSpendPer3Months = averageSpendPer3Months == null ? BigDecimal.ZERO : averageSpendPer3Months;
        this.visitsLast3Months = visitsLast3Months;
        this.averageVisitsPer3Months = averageVisitsPer3Months;
        this.daysSinceLastComplaint = daysSinceLastComplaint;
        this.lastNps = lastNps;
        this.lastCsat = lastCsat;
        this.daysCaseUnanswered = daysCaseUnanswered;
        this.customerForDays = customerForDays;
    }

    public long getContactId() {
        return contactId;
    }

    /** The loyalty tier, or null for a customer without one. */
    public String getTier() {
        return tier;
    }

    /** The tier before the last change, or null when there was none. */
    public String getPreviousTier() {
        return previousTier;
    }

    /** Days in the current tier, or null without a tier. */
    public Integer getDaysInTier() {
        return daysInTier;
    }

    /** Days since the last purchase, or null for a customer who never bought. */
    public Integer getDaysSinceLastPurchase() {
        return daysSinceLastPurchase;
    }

    public int getPurchasesLast3Months() {
        return purchasesLast3Months;
    }

    public BigDecimal getSpendLast3Months() {
        return spendLast3Months;
    }

    public BigDecimal getAverageSpendPer3Months() {
        return averageSpendPer3Months;
    }

    /**
     * How the last three months' spend compares with the customer's own average, in percent (-40 for
     * 40% less); 0 when there is no history to compare with.
     */
    public int getSpendChangePercent() {
        if (averageSpendPer3Months.signum() == 0) {
            return 0;
        }
        return spendLast3Months.subtract(averageSpendPer3Months).multiply(BigDecimal.valueOf(100))
                .divide(averageSpendPer3Months, 0, RoundingMode.HALF_UP).intValue();
    }

    public int getVisitsLast3Months() {
        return visitsLast3Months;
    }

    public double getAverageVisitsPer3Months() {
        return averageVisitsPer3Months;
    }

    /** How the last three months' visits compare with the customer's own average, in percent; 0 without history. */
    public int getVisitChangePercent() {
        if (averageVisitsPer3Months <= 0) {
            return 0;
        }
        return (int) Math.round((visitsLast3Months - averageVisitsPer3Months) * 100 / averageVisitsPer3Months);
    }

    /** Days since the last complaint, or null. */
    public Integer getDaysSinceLastComplaint() {
        return daysSinceLastComplaint;
    }

    public Integer getLastNps() {
        return lastNps;
    }

    public Integer getLastCsat() {
        return lastCsat;
    }

    public Integer getDaysCaseUnanswered() {
        return daysCaseUnanswered;
    }

    /** Days since the customer's first touchpoint. */
    public int getCustomerForDays() {
        return customerForDays;
    }

    @Override
    public String toString() {
        return "CustomerActivity{contact " + contactId + ", tier " + tier + (previousTier == null ? ""
                : " (was " + previousTier + ", " + daysInTier + " days)") + ", last purchase "
                + (daysSinceLastPurchase == null ? "never" : daysSinceLastPurchase + " days ago") + ", "
                + purchasesLast3Months + " purchases / " + spendLast3Months.toPlainString() + " in 3 months (average "
                + averageSpendPer3Months.toPlainString() + "), " + visitsLast3Months + " visits in 3 months (average "
                + averageVisitsPer3Months + "), last complaint " + (daysSinceLastComplaint == null ? "never"
                : daysSinceLastComplaint + " days ago") + ", NPS " + lastNps + ", CSAT " + lastCsat
                + (daysCaseUnanswered == null ? "" : ", a case unanswered for " + daysCaseUnanswered + " days") + ", customer for " + customerForDays + " days}";
    }
}

package org.rapport.loyalty.facts;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A loyalty member's qualifying activity, handed to the {@code loyalty} rules whenever it
 * changes. Rules read it through its getters ({@code MemberActivity( spendLast12Months >= 1000 )}).
 */
public final class MemberActivity {

    private final long contactId;
    private final BigDecimal spendLast12Months;
    private final int purchasesLast12Months;
    private final String currentTier;

    public MemberActivity(long contactId, BigDecimal spendLast12Months, int purchasesLast12Months, String currentTier) {
        this.contactId = contactId;
        this.spendLast12Months = Objects.requireNonNull(spendLast12Months, "spendLast12Months");
        this.purchasesLast12Months = purchasesLast12Months;
        this.currentTier = currentTier;
    }

    public long getContactId() {
        return contactId;
    }

    /** Total of the member's purchases in the twelve months up to now. */
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

    @Override
    public String toString() {
        return "MemberActivity[contact " + contactId + ", spend " + spendLast12Months + ", purchases "
                + purchasesLast12Months + ", tier " + currentTier + "]";
    }
}

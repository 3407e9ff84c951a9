package org.rapport.loyalty.api;

import java.math.BigDecimal;

/**
 * What a member spends, without their points: the tier and the purchases of the rolling twelve
 * months, as {@link Member} has them. For callers that judge a customer by what they buy (offers)
 * and need no balance, qualifying points or expiring lots, so none are read.
 *
 * @param tier the tier, or null if no rule has placed the member yet
 * @param spendLast12Months the amount of the purchases in the rolling twelve months, reversed ones left out
 * @param purchasesLast12Months how many purchases that is
 * @since 3.3
 */
public record Spending(long contactId, String tier, BigDecimal spendLast12Months, int purchasesLast12Months) {
}

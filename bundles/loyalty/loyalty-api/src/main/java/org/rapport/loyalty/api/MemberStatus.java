package org.rapport.loyalty.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A member's spend, tier, and the rule and release that put them in that tier.
 *
 * @param tier the tier, or null if no rule has placed the member yet
 * @param tierRule the name of the rule that last decided the tier
 * @param tierRelease the rule package and release that decided the tier, as {@code loyalty v3}
 * @param tierSince when the member entered the current tier
 */
public record MemberStatus(long contactId, BigDecimal spendLast12Months, int purchasesLast12Months, String tier,
        String tierRule, String tierRelease, Instant tierSince) {
}

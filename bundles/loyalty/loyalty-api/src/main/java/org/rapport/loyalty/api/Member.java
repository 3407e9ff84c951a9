package org.rapport.loyalty.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A member's standing.
 *
 * @param balance points available to redeem: the sum of the member's ledger lines
 * @param qualifyingPoints qualifying points in the rolling twelve months
 * @param tier the tier, or null if no rule has placed the member yet
 * @param tierRule the rule that last changed the tier
 * @param tierRelease the rule package and release that last changed the tier, as {@code loyalty v3}
 * @param tierSince when the member entered the current tier
 * @param atRiskSince when the rules found the member at risk of losing the tier, or null
 * @param expiring points that will expire unless spent, soonest first
 * @param joinedAt the member's first activity; its anniversaries start membership years
 */
public record Member(long contactId, long balance, long qualifyingPoints, BigDecimal spendLast12Months,
        int purchasesLast12Months, String tier, String tierRule, String tierRelease, Instant tierSince,
        Instant atRiskSince, List<Expiring> expiring, Instant joinedAt) {

    /** Points that expire on a day. */
    public record Expiring(LocalDate on, long points) {
    }
}

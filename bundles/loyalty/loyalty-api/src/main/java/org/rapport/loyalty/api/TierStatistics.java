package org.rapport.loyalty.api;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * How members are spread over the tiers now, and how they moved between tiers month by month
 * (UTC): what the dashboards chart.
 *
 * @param members members in each tier now, by tier
 * @param withoutTier members the tier rules have placed in no tier
 * @param movements each month's tier changes, by the tier left and the tier entered, oldest month first
 */
public record TierStatistics(Map<String, Long> members, long withoutTier, List<Movement> movements) {

    public TierStatistics {
        members = Map.copyOf(members);
        movements = List.copyOf(movements);
    }

    /**
     * How many members went from one tier to another in a month.
     *
     * @param fromTier the tier left, or null for a first placement
     */
    public record Movement(YearMonth month, String fromTier, String toTier, long members) {
    }
}

package org.rapport.retention.impl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.rapport.loyalty.api.TierStanding;
import org.rapport.persistence.InLists;
import org.rapport.retention.facts.CustomerActivity;

/** Builds the rules' view of customers from their profiles, monthly counts and loyalty standing. */
final class CustomerActivities {

    private static final TierStanding NO_TIER = new TierStanding(0, null, null, null);

    private CustomerActivities() {
    }

    /**
     * The activity of each customer of {@code profiles}, in their order, as of {@code now}.
     *
     * @param tiers the loyalty tiers of customers, looked up once for all of them
     */
    static List<CustomerActivity> of(EntityManager em, List<ProfileEntity> profiles, Instant now,
            Function<Collection<Long>, Map<Long, TierStanding>> tiers) {
        if (profiles.isEmpty()) {
            return List.of();
        }
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        int recentFrom = Touch.month(current.minusMonths(2));
        int historyFrom = Touch.month(current.minusMonths(14));
        List<Long> ids = profiles.stream().map(p -> p.contactId).toList();
        Map<Long, List<MonthEntity>> months = new HashMap<>();
        for (MonthEntity m : em.createQuery("select m from MonthEntity m where m.contactId in :ids and m.month >= :from",
                MonthEntity.class).setParameter("ids", InLists.padded(ids)).setParameter("from", historyFrom).getResultList()) {
            months.computeIfAbsent(m.contactId, k -> new ArrayList<>()).add(m);
        }
        Map<Long, TierStanding> standings = tiers.apply(ids);
        List<CustomerActivity> activities = new ArrayList<>(profiles.size());
        for (ProfileEntity p : profiles) {
            int purchases = 0;
            int visits = 0;
            int historyVisits = 0;
            BigDecimal spend = BigDecimal.ZERO;
            BigDecimal historySpend = BigDecimal.ZERO;
            for (MonthEntity m : months.getOrDefault(p.contactId, List.of())) {
                if (m.month >= recentFrom) {
                    purchases += m.purchases;
                    visits += m.visits;
                    spend = spend.add(m.spend);
                } else {
                    historyVisits += m.visits;
                    historySpend = historySpend.add(m.spend);
                }
            }
            TierStanding standing = standings.getOrDefault(p.contactId, NO_TIER);
            activities.add(new CustomerActivity(p.contactId, standing.tier(), standing.previousTier(),
                    days(standing.since(), now), days(p.lastPurchaseAt, now), purchases, spend,
                    historySpend.divide(BigDecimal.valueOf(4), 2, RoundingMode.HALF_UP), visits, historyVisits / 4.0,
                    days(p.lastComplaintAt, now), p.lastNps, p.lastCsat, days(p.caseOpenSince, now),
                    days(p.firstSeenAt, now)));
        }
        return activities;
    }

    /** Whole days from {@code then} to {@code now}, or null when {@code then} is null. */
    static Integer days(Instant then, Instant now) {
        return then == null ? null : (int) Math.max(0, Duration.between(then, now).toDays());
    }
}

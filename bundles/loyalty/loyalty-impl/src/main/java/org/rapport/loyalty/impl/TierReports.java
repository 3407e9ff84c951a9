package org.rapport.loyalty.impl;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManagerFactory;

import org.rapport.loyalty.api.TierChange;
import org.rapport.loyalty.api.TierStanding;
import org.rapport.loyalty.api.TierStatistics;
import org.rapport.persistence.Transactions;

/** What the tier history says: a member's changes, members' current tiers, and the figures per month. */
final class TierReports {

    private final EntityManagerFactory emf;

    TierReports(EntityManagerFactory emf) {
        this.emf = emf;
    }

    List<TierChange> history(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select t from TierChangeEntity t where t.contactId = :contact "
                + "order by t.id desc", TierChangeEntity.class).setParameter("contact", contactId).getResultList()
                .stream().map(TierChangeEntity::toChange).toList());
    }

    Map<Long, TierStanding> tiers(Collection<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return Map.of();
        }
        return Transactions.read(emf, em -> {
            Map<Long, String> previous = new HashMap<>();
            // Newest change first: the first one seen per member is the last change.
            for (Object[] row : em.createQuery("select t.contactId, t.fromTier from TierChangeEntity t "
                    + "where t.contactId in :ids order by t.id desc", Object[].class).setParameter("ids", contactIds)
                    .getResultList()) {
                previous.putIfAbsent((Long) row[0], (String) row[1]);
            }
            Map<Long, TierStanding> tiers = new HashMap<>();
            for (Object[] row : em.createQuery("select m.contactId, m.tier, m.tierSince from MemberEntity m "
                    + "where m.contactId in :ids and m.tier is not null", Object[].class).setParameter("ids", contactIds)
                    .getResultList()) {
                long id = (Long) row[0];
                tiers.put(id, new TierStanding(id, (String) row[1], (Instant) row[2], previous.get(id)));
            }
            return tiers;
        });
    }

    TierStatistics statistics(YearMonth from, YearMonth to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the months run from " + from + " to " + to + ": from is after to");
        }
        Instant start = from.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Transactions.read(emf, em -> {
            Map<String, Long> members = new TreeMap<>();
            long withoutTier = 0;
            for (Object[] row : em.createQuery("select m.tier, count(m) from MemberEntity m group by m.tier",
                    Object[].class).getResultList()) {
                long count = ((Number) row[1]).longValue();
                if (row[0] == null) {
                    withoutTier += count;
                } else {
                    members.put((String) row[0], count);
                }
            }
            // One pass over the period's changes; months are counted here, as SQL has no portable month.
            record Move(YearMonth month, String fromTier, String toTier) {
            }
            Map<Move, Long> moves = new HashMap<>();
            em.createQuery("select t.changedAt, t.fromTier, t.toTier from TierChangeEntity t "
                    + "where t.changedAt >= :start and t.changedAt < :end", Object[].class)
                    .setParameter("start", start).setParameter("end", end).getResultList()
                    .forEach(r -> moves.merge(new Move(YearMonth.from(((Instant) r[0]).atZone(ZoneOffset.UTC)),
                            (String) r[1], (String) r[2]), 1L, Long::sum));
            List<TierStatistics.Movement> movements = moves.entrySet().stream()
                    .map(e -> new TierStatistics.Movement(e.getKey().month(), e.getKey().fromTier(),
                            e.getKey().toTier(), e.getValue()))
                    .sorted(Comparator.comparing(TierStatistics.Movement::month)
                            .thenComparing(m -> String.valueOf(m.fromTier()))
                            .thenComparing(TierStatistics.Movement::toTier))
                    .toList();
            return new TierStatistics(members, withoutTier, movements);
        });
    }
}

package org.rapport.loyalty.impl;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.Spending;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.persistence.Transactions;

/** Reads a member's standing and ledger. */
final class LedgerReads {

    /** Entries whose lines one query reads when a ledger is listed. */
    private static final int LINES_CHUNK = 500;

    private final EntityManagerFactory emf;

    LedgerReads(EntityManagerFactory emf) {
        this.emf = emf;
    }

    Optional<Member> member(long contactId, Instant now) {
        return Optional.ofNullable(Transactions.read(emf, em -> member(em, contactId, now)));
    }

    /**
     * The member's tier, spend and purchases in the twelve months before {@code now}, as {@link #member}
     * reads them (the same query for spend), without the qualifying lines and the lots.
     */
    Optional<Spending> spending(long contactId, Instant now) {
        return Optional.ofNullable(Transactions.read(emf, em -> {
            MemberEntity m = em.find(MemberEntity.class, contactId);
            if (m == null) {
                return null;
            }
            List<Object[]> spent = Indexed.spend(em, contactId, contactId, Activities.yearBefore(now));
            Object[] row = spent.isEmpty() ? null : spent.get(0);
            return new Spending(contactId, m.tier(), (row == null ? BigDecimal.ZERO : new BigDecimal(row[1].toString()))
                    .setScale(2), row == null ? 0 : ((Number) row[2]).intValue());
        }));
    }

    /** The member's standing on their activity at {@code now}, or null for a contact that is not a member. */
    static Member member(EntityManager em, long contactId, Instant now) {
        MemberEntity m = em.find(MemberEntity.class, contactId);
        return m == null ? null : standing(em, m, Activities.of(em, m, now));
    }

    /** The member's standing, on {@code activity} already read in this transaction. */
    static Member standing(EntityManager em, MemberEntity m, MemberActivity activity) {
        return standing(m, activity, expiring(em, m.contactId()));
    }

    /**
     * The points of the member's lots with points left by the day they expire, the soonest first:
     * summed by the database rather than read as entities the transaction would then hold.
     */
    static SortedMap<LocalDate, Long> expiring(EntityManager em, long contactId) {
        SortedMap<LocalDate, Long> expiring = new TreeMap<>();
        for (Object[] day : Indexed.expiring(em, contactId)) {
            expiring.put(Indexed.day(day[0]), ((Number) day[1]).longValue());
        }
        return expiring;
    }

    /**
     * {@link #expiring(EntityManager, long)} of each of these members at once (an empty map for a
     * member with no points left), for a batch that carries them from one purchase to the next.
     */
    static Map<Long, SortedMap<LocalDate, Long>> expiring(EntityManager em, List<Long> contactIds) {
        Map<Long, SortedMap<LocalDate, Long>> expiring = new HashMap<>();
        contactIds.forEach(id -> expiring.put(id, new TreeMap<>()));
        for (Object[] day : Indexed.expiring(em, contactIds)) {
            expiring.get(((Number) day[0]).longValue()).merge(Indexed.day(day[1]), ((Number) day[2]).longValue(), Long::sum);
        }
        return expiring;
    }

    /** The member's standing, on {@code activity} and the {@linkplain #expiring points expiring} known in this transaction. */
    static Member standing(MemberEntity m, MemberActivity activity, SortedMap<LocalDate, Long> expiring) {
        List<Member.Expiring> soonest = new ArrayList<>(expiring.size());
        expiring.forEach((day, points) -> soonest.add(new Member.Expiring(day, points)));
        return new Member(m.contactId(), m.balance(), activity.getQualifyingPoints(), activity.getSpendLast12Months(),
                activity.getPurchasesLast12Months(), m.tier(), m.tierRule(), m.tierRelease(), m.tierSince(),
                m.atRiskSince(), soonest, m.joinedAt());
    }

    List<PointsEntry> ledger(long contactId, int limit) {
        return Transactions.read(emf, em -> {
            List<EntryEntity> entries = em.createQuery("select e from EntryEntity e where e.contactId = :contact "
                    + "order by e.id desc", EntryEntity.class)
                    .setParameter("contact", contactId).setMaxResults(Math.max(1, limit)).getResultList();
            // The entries' lines are read a chunk of entries at a time, not one query per entry.
            Map<Long, List<PointsEntry.Line>> lines = new HashMap<>();
            for (int from = 0; from < entries.size(); from += LINES_CHUNK) {
                List<Long> ids = entries.subList(from, Math.min(entries.size(), from + LINES_CHUNK)).stream()
                        .map(EntryEntity::id).toList();
                em.createQuery("select l from LineEntity l where l.entryId in :ids order by l.id", LineEntity.class)
                        .setParameter("ids", ids).getResultList()
                        .forEach(l -> lines.computeIfAbsent(l.entryId(), k -> new ArrayList<>()).add(l.toLine()));
            }
            return entries.stream().map(e -> Postings.view(e, lines.getOrDefault(e.id(), List.of()))).toList();
        });
    }

    Optional<PointsEntry> entry(long entryId) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(EntryEntity.class, entryId))
                .map(e -> Postings.view(em, e)));
    }
}

package org.rapport.segments.impl;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

/**
 * Writes segment membership: who joined and who left, the segment's size and the day's count,
 * all in the caller's transaction.
 */
final class Memberships {

    private Memberships() {
    }

    /** Stores the difference between a segment's members and {@code matching}, its condition's contacts now. */
    static void refresh(EntityManager em, String name, Set<Long> matching, Instant now) {
        Set<Long> current = new HashSet<>(em.createQuery("select m.contactId from SegmentMemberEntity m "
                + "where m.segment = :s", Long.class).setParameter("s", name).getResultList());
        store(em, name, matching, current, now, true);
    }

    /** Stores any difference for the contacts {@code ids}, of whom {@code matching} meet the segment's condition now. */
    static void recheck(EntityManager em, String name, Set<Long> matching, List<Long> ids, Instant now) {
        Set<Long> current = new HashSet<>(em.createQuery("select m.contactId from SegmentMemberEntity m "
                + "where m.segment = :s and m.contactId in :changed", Long.class).setParameter("s", name)
                .setParameter("changed", ids).getResultList());
        if (!matching.equals(current)) {
            store(em, name, matching, current, now, false);
        }
    }

    /**
     * Stores who joined and who left, the segment's size, and the day's count. {@code whole}: the
     * sets are the whole segment, so its size is {@code matching}'s; otherwise the size changes by
     * the difference.
     */
    private static void store(EntityManager em, String name, Set<Long> matching, Set<Long> current, Instant now,
            boolean whole) {
        List<Long> left = current.stream().filter(id -> !matching.contains(id)).toList();
        List<Long> joined = matching.stream().filter(id -> !current.contains(id)).sorted().toList();
        for (int start = 0; start < left.size(); start += 1000) {
            em.createQuery("delete from SegmentMemberEntity m where m.segment = :s and m.contactId in :ids")
                    .setParameter("s", name).setParameter("ids", left.subList(start, Math.min(left.size(), start + 1000)))
                    .executeUpdate();
        }
        int n = 0;
        for (long id : joined) {
            em.persist(new SegmentMemberEntity(name, id, now));
            if (++n % 1000 == 0) {
                em.flush();
                em.clear();
            }
        }
        em.flush();
        em.clear();
        resize(em, name, whole ? (long) matching.size() : null, joined.size(), left.size(), now);
    }

    /**
     * Sets a segment's size, {@code whole} when computed whole or else changed by who joined and
     * left, and adds them to the day's count.
     */
    private static void resize(EntityManager em, String name, Long whole, long joined, long left, Instant now) {
        // Locked, and so read from the database: another node's change to the size is not lost.
        SegmentEntity segment = em.find(SegmentEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
        long members = whole != null ? whole : segment.members() + joined - left;
        segment.members(members, whole != null ? now : null);
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        SegmentCountEntity row = em.find(SegmentCountEntity.class, new SegmentCountEntity.Key(name, day));
        if (row == null) {
            row = new SegmentCountEntity(name, day);
            em.persist(row);
        }
        row.add(members, joined, left);
    }

    /**
     * Takes erased contacts out of every segment (their RFM scores too), in the erasure's
     * transaction; answers how many memberships went.
     */
    static int forget(EntityManager em, List<Long> contactIds, Instant now) {
        List<Object[]> held = em.createQuery("select m.segment, count(m) from SegmentMemberEntity m "
                + "where m.contactId in :c group by m.segment", Object[].class).setParameter("c", contactIds).getResultList();
        int removed = em.createQuery("delete from SegmentMemberEntity m where m.contactId in :c")
                .setParameter("c", contactIds).executeUpdate();
        em.createQuery("delete from RfmScoreEntity s where s.contactId in :c").setParameter("c", contactIds).executeUpdate();
        for (Object[] segment : held) {
            resize(em, (String) segment[0], null, 0, ((Number) segment[1]).longValue(), now);
        }
        return removed;
    }
}

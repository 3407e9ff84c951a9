package org.rapport.loyalty.impl;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.ExpiryRun;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.persistence.Transactions;

/**
 * Expires the points of lots whose day has come, one member per transaction; each member's
 * expiry of a day is one entry, so a run repeated on the same day books nothing twice.
 */
final class PointsExpiry {

    private final EntityManagerFactory emf;

    PointsExpiry(EntityManagerFactory emf) {
        this.emf = emf;
    }

    ExpiryRun expire(Instant asOf, Instant now) {
        LocalDate day = Activities.day(asOf);
        List<Long> due = Transactions.read(emf, em -> em.createQuery("select distinct l.contactId from LotEntity l "
                + "where l.expiresOn <= :day and l.remaining > 0 order by l.contactId", Long.class)
                .setParameter("day", day).getResultList());
        int members = 0;
        long points = 0;
        for (long contactId : due) {
            long expired = Transactions.retrying(emf, Postings.ATTEMPTS, em -> expire(em, contactId, day, now));
            members += expired > 0 ? 1 : 0;
            points += expired;
        }
        return new ExpiryRun(asOf, members, points);
    }

    private static long expire(EntityManager em, long contactId, LocalDate day, Instant now) {
        MemberEntity member = em.find(MemberEntity.class, contactId, LockModeType.PESSIMISTIC_WRITE);
        String source = "expiry:" + contactId + ":" + day;
        if (member == null || Indexed.entryBySource(em, source).isPresent()) {
            return 0;
        }
        List<LotEntity> lots = Indexed.openLots(em, contactId).stream().filter(l -> !l.expiresOn().isAfter(day)).toList();
        long points = lots.stream().mapToLong(LotEntity::remaining).sum();
        if (points == 0) {
            return 0;
        }
        EntryEntity entry = Postings.newEntry(em, new EntryEntity(contactId, EntryKind.EXPIRE, source, now, now, "system",
                "points that expired on or before " + day));
        for (LotEntity lot : lots) {
            em.persist(new LotUseEntity(entry.id(), lot.lineId(), lot.take(lot.remaining())));
        }
        em.persist(new LineEntity(entry, PointsEntry.Line.MEMBER, -points, false));
        em.persist(new LineEntity(entry, Postings.EXPIRED, points, false));
        entry.total(-points, 0);
        member.book(-points);
        return points;
    }
}

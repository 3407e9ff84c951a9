package org.rapport.loyalty.impl;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import org.rapport.loyalty.api.PointsEntry;
import org.rapport.rules.api.Decision;

/**
 * Double-entry bookkeeping on the points ledger: entries whose lines sum to zero, credits that
 * open lots, debits that take from them, and the member's balance moved with them. The
 * programme's own accounts are the other side of every line on a member.
 */
final class Postings {

    static final String ISSUED = "programme:issued";
    static final String REDEEMED = "programme:redeemed";
    static final String EXPIRED = "programme:expired";
    static final String ADJUSTED = "programme:adjusted";
    /** How often a transaction that lost a race to a concurrent one is run again. */
    static final int ATTEMPTS = 5;

    private Postings() {
    }

    /** The member's row, locked for this transaction; created (joined now) if the contact is not a member yet. */
    static MemberEntity lockMember(EntityManager em, long contactId, Instant now) {
        MemberEntity member = em.find(MemberEntity.class, contactId, LockModeType.PESSIMISTIC_WRITE);
        if (member == null) {
            // A concurrent first booking for the same contact makes one of the two inserts fail; it is retried.
            member = new MemberEntity(contactId, now);
            em.persist(member);
            em.flush();
        }
        return member;
    }

    /**
     * A new entry, to be written with the transaction's other changes: its id, from the table
     * generator, is there at once for its lines, so nothing is flushed for it.
     */
    static EntryEntity newEntry(EntityManager em, EntryEntity entry) {
        em.persist(entry);
        return entry;
    }

    /**
     * Credits the member with points that expire {@code expiryMonths} after the entry's activity;
     * answers the member's line (its lot is keyed by the line's id, there at once as the entry's is).
     */
    static LineEntity credit(EntityManager em, EntryEntity entry, long points, boolean qualifying, Decision decision,
            int expiryMonths) {
        LocalDate expiresOn = Activities.day(entry.activityAt()).plusMonths(expiryMonths);
        LineEntity line = new LineEntity(entry, PointsEntry.Line.MEMBER, points, qualifying).expiringOn(expiresOn);
        if (decision != null) {
            line.decidedBy(decision);
        }
        em.persist(line);
        em.persist(new LotEntity(line, entry.contactId(), expiresOn));
        return line;
    }

    /** Takes points from the member's lots to the programme's {@code account}. */
    static void debit(EntityManager em, EntryEntity entry, MemberEntity member, long points, String account) {
        Lots.take(em, member.contactId(), entry.id(), points);
        em.persist(new LineEntity(entry, PointsEntry.Line.MEMBER, -points, false));
        em.persist(new LineEntity(entry, account, points, false));
        entry.total(-points, 0);
        member.book(-points);
    }

    static PointsEntry view(EntityManager em, EntryEntity e) {
        return view(e, Indexed.lines(em, e.id()).stream().map(LineEntity::toLine).toList());
    }

    static PointsEntry view(EntryEntity e, List<PointsEntry.Line> lines) {
        return new PointsEntry(e.id(), e.contactId(), e.kind(), e.points(), e.qualifyingPoints(), e.source(),
                e.activityAt(), e.recordedAt(), e.actor(), e.note(), e.reverses(), e.reward(), lines);
    }
}

package org.rapport.loyalty.impl;

import static org.rapport.loyalty.impl.Inputs.MAX_POINTS;
import static org.rapport.loyalty.impl.Inputs.required;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;

/** Corrections of the ledger by hand: adjustments of a member's points, and reversals of entries. */
final class Corrections {

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger decisionLedger;
    private final Holders holders;
    private final int expiryMonths;
    private final TierConsent tierConsent;

    Corrections(EntityManagerFactory emf, RulesEngine rules, DecisionLedger decisionLedger, Holders holders,
            int expiryMonths, TierConsent tierConsent) {
        this.tierConsent = tierConsent;
        this.emf = emf;
        this.holders = holders;
        this.rules = rules;
        this.decisionLedger = decisionLedger;
        this.expiryMonths = expiryMonths;
    }

    /** Adjusts the points of the holder of {@code contact}: the contact, or the one it was merged into. */
    PointsEntry adjust(long contact, long points, String reason, String requestId, String actor, Instant now) {
        if (points == 0 || Math.abs(points) > MAX_POINTS) {
            throw new IllegalArgumentException("points must be a whole number other than 0, at most " + MAX_POINTS
                    + " either way, was " + points);
        }
        String why = required("reason", reason, 500);
        String source = "adjustment:" + required("requestId", requestId, 100);
        long contactId = holders.holder(contact).id();
        return Transactions.retrying(emf, Postings.ATTEMPTS, em -> {
            Optional<EntryEntity> booked = Indexed.entryBySource(em, source);
            if (booked.isPresent()) {
                EntryEntity e = booked.get();
                if (e.contactId() != contactId || e.points() != points || !why.equals(e.note())) {
                    throw new LoyaltyException(LoyaltyException.SOURCE_CONFLICT, "requestId", "request " + requestId
                            + " was booked before as entry " + e.id() + " with different content");
                }
                return Postings.view(em, e);
            }
            MemberEntity member = Postings.lockMember(em, contactId, now);
            EntryEntity entry = Postings.newEntry(em, new EntryEntity(contactId, EntryKind.ADJUST, source, now, now,
                    Inputs.actor(actor), why));
            if (points > 0) {
                Postings.credit(em, entry, points, false, null, expiryMonths);
                em.persist(new LineEntity(entry, Postings.ADJUSTED, -points, false));
                entry.total(points, 0);
                member.book(points);
            } else {
                if (member.balance() < -points) {
                    throw new LoyaltyException(LoyaltyException.INSUFFICIENT_POINTS, "points", "member " + contactId
                            + " has " + member.balance() + " points; " + -points + " cannot be debited");
                }
                Postings.debit(em, entry, member, -points, Postings.ADJUSTED);
            }
            return Postings.view(em, entry);
        });
    }

    PointsEntry reverse(long entryId, String reason, String actor, Instant now) {
        String why = required("reason", reason, 500);
        return Transactions.retrying(emf, Postings.ATTEMPTS, em -> {
            EntryEntity original = em.find(EntryEntity.class, entryId);
            if (original == null) {
                throw new IllegalArgumentException("there is no ledger entry " + entryId);
            }
            MemberEntity member = em.find(MemberEntity.class, original.contactId(), LockModeType.PESSIMISTIC_WRITE);
            Optional<EntryEntity> earlier = Indexed.entryBySource(em, "reversal:" + entryId);
            if (earlier.isPresent()) {
                throw new LoyaltyException(LoyaltyException.NOT_REVERSIBLE, "entryId", "entry " + entryId
                        + " was reversed by entry " + earlier.get().id());
            }
            requireReversible(original);
            EntryEntity reversal = Postings.newEntry(em, new EntryEntity(original.contactId(), EntryKind.REVERSE,
                    "reversal:" + entryId, original.activityAt(), now, Inputs.actor(actor), why).reversing(entryId));
            List<LineEntity> lines = Indexed.lines(em, entryId);
            if (original.points() > 0) {
                takeBackCredit(em, original, reversal);
            } else if (original.points() < 0) {
                Lots.giveBack(em, entryId);
            }
            for (LineEntity line : lines) {
                em.persist(new LineEntity(reversal, line.account(), -line.points(), line.qualifying()).decidedLike(line));
            }
            reversal.total(-original.points(), -original.qualifyingPoints());
            member.book(-original.points());
            if (original.reward() != null) {
                RewardEntity reward = em.find(RewardEntity.class, original.reward(), LockModeType.PESSIMISTIC_WRITE);
                if (reward != null) {
                    reward.putBack();
                }
            }
            if (original.qualifyingPoints() != 0) {
                Tiers.decide(em, rules, decisionLedger, member, now, tierConsent);
            }
            return Postings.view(em, reversal);
        });
    }

    private static void requireReversible(EntryEntity original) {
        if (original.kind() == EntryKind.REVERSE || original.kind() == EntryKind.EXPIRE
                || original.kind() == EntryKind.TRANSFER) {
            throw new LoyaltyException(LoyaltyException.NOT_REVERSIBLE, "entryId", "entry " + original.id() + " is "
                    + switch (original.kind()) {
                        case REVERSE -> "a reversal";
                        case EXPIRE -> "an expiry";
                        default -> "a transfer of a merge (undo the merge instead)";
                    } + " and cannot be reversed; adjust the member's points instead");
        }
    }

    /** Empties the lots a credit opened; refused once any of their points are spent or expired. */
    private static void takeBackCredit(EntityManager em, EntryEntity original, EntryEntity reversal) {
        List<LotEntity> lots = Lots.createdBy(em, original.id());
        long spent = lots.stream().mapToLong(l -> l.points() - l.remaining()).sum();
        if (spent > 0) {
            throw new LoyaltyException(LoyaltyException.NOT_REVERSIBLE, "entryId", spent + " of the "
                    + original.points() + " points of entry " + original.id() + " are spent or expired; reverse "
                    + "the redemptions first, or adjust the member's points instead");
        }
        for (LotEntity lot : lots) {
            em.persist(new LotUseEntity(reversal.id(), lot.lineId(), lot.take(lot.remaining())));
        }
    }
}

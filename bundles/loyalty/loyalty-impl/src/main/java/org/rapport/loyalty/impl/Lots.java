package org.rapport.loyalty.impl;

import java.util.List;

import javax.persistence.EntityManager;

import org.rapport.loyalty.api.LoyaltyException;

/**
 * Takes points from a member's lots, the lot that expires first first, and puts them back on
 * reversal. The caller holds the member's lock, so two debits cannot take the same points.
 */
final class Lots {

    private Lots() {
    }

    /**
     * Takes {@code points} for {@code entryId}, recording each lot it took from.
     *
     * @throws LoyaltyException if the member's lots hold fewer points
     */
    static void take(EntityManager em, long contactId, long entryId, long points) {
        List<LotEntity> lots = Indexed.openLots(em, contactId);
        long wanted = points;
        for (LotEntity lot : lots) {
            if (wanted == 0) {
                break;
            }
            long taken = lot.take(wanted);
            em.persist(new LotUseEntity(entryId, lot.lineId(), taken));
            wanted -= taken;
        }
        if (wanted > 0) {
            throw new LoyaltyException(LoyaltyException.INSUFFICIENT_POINTS, "points", "member " + contactId + " has "
                    + (points - wanted) + " points, " + points + " are needed");
        }
    }

    /** Puts back what entry {@code entryId} took; returns how many points. */
    static long giveBack(EntityManager em, long entryId) {
        long points = 0;
        for (LotUseEntity use : Indexed.lotUses(em, entryId)) {
            em.find(LotEntity.class, use.lotId()).giveBack(use.points());
            points += use.points();
        }
        return points;
    }

    /** The lots entry {@code entryId} created. */
    static List<LotEntity> createdBy(EntityManager em, long entryId) {
        return Indexed.lotsCreatedBy(em, entryId);
    }
}

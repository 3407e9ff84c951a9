package org.rapport.retention.impl;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import org.rapport.persistence.InLists;

/** Folds touchpoints into the customer's profile and monthly counts, under a lock on the profile. */
final class Profiles {

    /** How many of a page's profiles are read in one query. */
    private static final int READ = 500;

    private Profiles() {
    }

    /** Records the touch in the caller's transaction. */
    static void record(EntityManager em, Touch touch, Instant now) {
        ProfileEntity profile = em.find(ProfileEntity.class, touch.contactId(), LockModeType.PESSIMISTIC_WRITE);
        if (profile == null) {
            profile = new ProfileEntity(touch.contactId(), touch.occurredAt());
            em.persist(profile);
            em.flush();
        }
        fold(em, profile, touch, now);
    }

    /**
     * Records a page of touches in the caller's transaction, each customer's in the order given: the
     * page's profiles read and locked 500 to a query (ids ascending; Derby allows no order with a
     * lock, the key's index is probed in order; a deadlock with another page is retried by the
     * caller), and those missing made and written with one flush, so that a page costs a few
     * queries rather than a locked read a touch and a flush for each new customer. The ids of a
     * read are padded ({@link InLists}), so that pages of any size lock on a few statements.
     */
    static void recordAll(EntityManager em, List<Touch> touches, Instant now) {
        List<Long> ids = touches.stream().map(Touch::contactId).distinct().sorted().toList();
        Map<Long, ProfileEntity> profiles = new HashMap<>();
        for (int from = 0; from < ids.size(); from += READ) {
            em.createQuery("select p from ProfileEntity p where p.contactId in :ids",
                    ProfileEntity.class).setParameter("ids", InLists.padded(ids.subList(from, Math.min(ids.size(), from + READ))))
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().forEach(p -> profiles.put(p.contactId, p));
        }
        boolean made = false;
        for (Touch touch : touches) {
            if (!profiles.containsKey(touch.contactId())) {
                ProfileEntity profile = new ProfileEntity(touch.contactId(), touch.occurredAt());
                em.persist(profile);
                profiles.put(touch.contactId(), profile);
                made = true;
            }
        }
        if (made) {
            em.flush();
        }
        for (Touch touch : touches) {
            fold(em, profiles.get(touch.contactId()), touch, now);
        }
    }

    private static void fold(EntityManager em, ProfileEntity profile, Touch touch, Instant now) {
        if (touch.occurredAt().isBefore(profile.firstSeenAt)) {
            profile.firstSeenAt = touch.occurredAt();
        }
        if (touch.purchase() || touch.visit()) {
            MonthEntity month = em.createQuery("select m from MonthEntity m where m.contactId = :c and m.month = :m",
                    MonthEntity.class).setParameter("c", touch.contactId()).setParameter("m", touch.month())
                    .getResultStream().findFirst().orElse(null);
            if (month == null) {
                month = new MonthEntity(touch.contactId(), touch.month());
                em.persist(month);
            }
            if (touch.purchase()) {
                month.purchases++;
                month.spend = month.spend.add(touch.amount());
                profile.lastPurchaseAt = later(profile.lastPurchaseAt, touch.occurredAt());
            } else {
                month.visits++;
            }
        }
        if (touch.complaint()) {
            profile.lastComplaintAt = later(profile.lastComplaintAt, touch.occurredAt());
        }
        Integer nps = touch.score("nps");
        if (nps != null) {
            profile.lastNps = nps;
        }
        Integer csat = touch.score("csat");
        if (csat != null) {
            profile.lastCsat = csat;
        }
        if (touch.caseOpened() && (profile.caseOpenSince == null || touch.occurredAt().isBefore(profile.caseOpenSince))) {
            profile.caseOpenSince = touch.occurredAt();
        }
        if (touch.answer() && profile.caseOpenSince != null && !touch.occurredAt().isBefore(profile.caseOpenSince)) {
            profile.caseOpenSince = null;
        }
        profile.updatedAt = now;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}

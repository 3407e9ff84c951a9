package org.rapport.retention.impl;

import java.time.Instant;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

/** Folds touchpoints into the customer's profile and monthly counts, under a lock on the profile. */
final class Profiles {

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

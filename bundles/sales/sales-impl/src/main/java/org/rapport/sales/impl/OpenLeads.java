package org.rapport.sales.impl;

import java.util.List;

import javax.persistence.EntityManager;

import org.rapport.sales.api.LeadStatus;

/** The leads the rules still score: open and qualified ones, a page at a time in id order. */
final class OpenLeads {

    static final List<String> SCORED = List.of(LeadStatus.OPEN.name(), LeadStatus.QUALIFIED.name());

    private OpenLeads() {
    }

    static long count(EntityManager em) {
        return em.createQuery("select count(l) from LeadEntity l where l.status in :scored", Long.class)
                .setParameter("scored", SCORED).getSingleResult();
    }

    /** The ids of the next {@code size} of them after {@code after}, in order: a page's bounds, its rows unread. */
    static List<Long> idsAfter(EntityManager em, long after, int size) {
        return em.createQuery("select l.id from LeadEntity l where l.status in :scored and l.id > :after order by l.id",
                Long.class).setParameter("scored", SCORED).setParameter("after", after).setMaxResults(size)
                .getResultList();
    }

    static List<LeadEntity> after(EntityManager em, long after, int size) {
        return em.createQuery("select l from LeadEntity l where l.status in :scored and l.id > :after order by l.id",
                LeadEntity.class).setParameter("scored", SCORED).setParameter("after", after).setMaxResults(size)
                .getResultList();
    }
}

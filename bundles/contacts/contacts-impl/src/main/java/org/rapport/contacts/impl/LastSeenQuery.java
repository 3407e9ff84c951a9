package org.rapport.contacts.impl;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.rapport.contacts.api.LastSeen;

/**
 * A page of contacts with their last sign of life, in two queries whatever the page's size: the
 * contacts, then the newest interaction of each.
 */
final class LastSeenQuery {

    private LastSeenQuery() {
    }

    static List<LastSeen> page(EntityManager em, long afterId, int limit) {
        List<Object[]> contacts = em.createQuery("select c.id, c.createdAt, c.updatedAt from ContactEntity c "
                + "where c.id > :after order by c.id", Object[].class).setParameter("after", afterId)
                .setMaxResults(limit).getResultList();
        if (contacts.isEmpty()) {
            return List.of();
        }
        Map<Long, Instant> lastInteraction = new HashMap<>();
        // In SQL: the JPA converter of OCCURRED_AT does not apply to an aggregate. Times are stored in UTC.
        @SuppressWarnings("unchecked")
        List<Object[]> newest = em.createNativeQuery("SELECT CONTACT_ID, MAX(OCCURRED_AT) FROM INTERACTION "
                + "WHERE CONTACT_ID BETWEEN ? AND ? GROUP BY CONTACT_ID").setParameter(1, contacts.get(0)[0])
                .setParameter(2, contacts.get(contacts.size() - 1)[0]).getResultList();
        for (Object[] row : newest) {
            lastInteraction.put(((Number) row[0]).longValue(),
                    ((Timestamp) row[1]).toLocalDateTime().toInstant(ZoneOffset.UTC));
        }
        List<LastSeen> page = new ArrayList<>(contacts.size());
        for (Object[] row : contacts) {
            long id = (Long) row[0];
            page.add(new LastSeen(id, latest(latest((Instant) row[1], (Instant) row[2]), lastInteraction.get(id))));
        }
        return page;
    }

    private static Instant latest(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }
}

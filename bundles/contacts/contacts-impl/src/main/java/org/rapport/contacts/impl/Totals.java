package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.Query;

import org.rapport.contacts.api.InteractionTotals;

/**
 * Each contact's interactions of one type in a period, summed in the database. In SQL: the latest
 * time is read as a plain timestamp (JPQL's {@code max} of an attribute with a converter fails in
 * EclipseLink).
 */
final class Totals {

    private Totals() {
    }

    @SuppressWarnings("unchecked")
    static List<InteractionTotals> of(EntityManager em, String type, Instant since, String currency,
            Collection<Long> contactIds) {
        StringBuilder sql = new StringBuilder("select CONTACT_ID, max(OCCURRED_AT), count(*), sum(AMOUNT) from INTERACTION "
                + "where TYPE = ? and OCCURRED_AT >= ?");
        if (currency != null) {
            sql.append(" and CURRENCY = ?");
        }
        if (contactIds != null) {
            if (contactIds.isEmpty()) {
                return List.of();
            }
            // Numbers only: written into the statement.
            sql.append(" and CONTACT_ID in (").append(String.join(",", contactIds.stream().map(String::valueOf).toList()))
                    .append(")");
        }
        Query query = em.createNativeQuery(sql.append(" group by CONTACT_ID order by CONTACT_ID").toString())
                .setParameter(1, type)
                .setParameter(2, Timestamp.valueOf(LocalDateTime.ofInstant(since, ZoneOffset.UTC)));
        if (currency != null) {
            query.setParameter(3, currency);
        }
        List<InteractionTotals> totals = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            BigDecimal amount = row[3] == null ? BigDecimal.ZERO : new BigDecimal(row[3].toString());
            Instant latest = ((Timestamp) row[1]).toLocalDateTime().toInstant(ZoneOffset.UTC);
            totals.add(new InteractionTotals(((Number) row[0]).longValue(), ((Number) row[2]).longValue(), latest, amount));
        }
        return totals;
    }
}

package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.Query;

import org.rapport.contacts.api.InteractionTotals;

/**
 * Each contact's interactions of one type in a period, summed in the database. In SQL: the latest
 * time is read as a plain timestamp (JPQL's {@code max} of an attribute with a converter fails in
 * EclipseLink). The contacts asked about are bound as parameters, up to {@value #CHUNK} a statement,
 * their list padded (with its last id again) to one of a few lengths: the database compiles one
 * statement per length and reuses it, rather than compiling each list of contacts anew.
 */
final class Totals {

    /** The lengths a list of contacts is padded to; longer lists are asked about in chunks of the last. */
    private static final int[] LENGTHS = {16, 64, 256, 1024};
    static final int CHUNK = 1024;

    private Totals() {
    }

    static List<InteractionTotals> of(EntityManager em, String type, Instant since, String currency,
            Collection<Long> contactIds) {
        if (contactIds == null) {
            return query(em, type, since, currency, null);
        }
        List<Long> ids = contactIds.stream().distinct().sorted().toList();
        List<InteractionTotals> totals = new ArrayList<>();
        // In id order, chunk after chunk: the totals come in contact id order, as one query gives them.
        for (int from = 0; from < ids.size(); from += CHUNK) {
            totals.addAll(query(em, type, since, currency, ids.subList(from, Math.min(ids.size(), from + CHUNK))));
        }
        return totals;
    }

    /** The length {@code size} contacts are padded to. */
    static int padded(int size) {
        for (int length : LENGTHS) {
            if (size <= length) {
                return length;
            }
        }
        throw new IllegalArgumentException(size + " contacts in one statement; at most " + CHUNK);
    }

    @SuppressWarnings("unchecked")
    private static List<InteractionTotals> query(EntityManager em, String type, Instant since, String currency,
            List<Long> ids) {
        StringBuilder sql = new StringBuilder("select CONTACT_ID, max(OCCURRED_AT), count(*), sum(AMOUNT) from INTERACTION "
                + "where TYPE = ? and OCCURRED_AT >= ?");
        List<Object> params = new ArrayList<>(List.of(type, Timestamp.valueOf(LocalDateTime.ofInstant(since,
                ZoneOffset.UTC))));
        if (currency != null) {
            sql.append(" and CURRENCY = ?");
            params.add(currency);
        }
        if (ids != null) {
            int length = padded(ids.size());
            sql.append(" and CONTACT_ID in (?").append(", ?".repeat(length - 1)).append(")");
            params.addAll(ids);
            params.addAll(Collections.nCopies(length - ids.size(), ids.get(ids.size() - 1)));
        }
        Query query = em.createNativeQuery(sql.append(" group by CONTACT_ID order by CONTACT_ID").toString());
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
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

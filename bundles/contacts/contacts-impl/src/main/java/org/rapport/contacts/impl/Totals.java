package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.rapport.contacts.api.InteractionTotals;
import org.rapport.persistence.InLists;
import org.rapport.persistence.Transactions;

/**
 * Each contact's interactions of one type in a period, summed in the database. In SQL: the latest
 * time is read as a plain timestamp (JPQL's {@code max} of an attribute with a converter fails in
 * EclipseLink). The contacts asked about are bound as parameters, up to {@value #CHUNK} a statement,
 * their list padded (with its last id again) to one of a few lengths: the database compiles one
 * statement per length and reuses it, rather than compiling each list of contacts anew.
 */
final class Totals {

    /** The most contacts a statement takes; longer lists are asked about in chunks of this many. */
    static final int CHUNK = InLists.LONGEST;

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

    /** In JDBC on the transaction's connection: the provider's handling of a native query's parameters costs more than the query. */
    private static List<InteractionTotals> query(EntityManager em, String type, Instant since, String currency,
            List<Long> ids) {
        StringBuilder sql = new StringBuilder("select CONTACT_ID, max(OCCURRED_AT), count(*), sum(AMOUNT) from INTERACTION "
                + "where TYPE = ? and OCCURRED_AT >= ?");
        if (currency != null) {
            sql.append(" and CURRENCY = ?");
        }
        List<Long> padded = ids == null ? List.of() : InLists.padded(ids);
        int length = padded.size();
        if (ids != null) {
            sql.append(" and CONTACT_ID in (?").append(", ?".repeat(length - 1)).append(")");
        }
        sql.append(" group by CONTACT_ID order by CONTACT_ID");
        List<InteractionTotals> totals = new ArrayList<>();
        try (PreparedStatement query = Transactions.connection(em).prepareStatement(sql.toString())) {
            int p = 1;
            query.setString(p++, type);
            query.setTimestamp(p++, Timestamp.valueOf(LocalDateTime.ofInstant(since, ZoneOffset.UTC)));
            if (currency != null) {
                query.setString(p++, currency);
            }
            for (int i = 0; i < length; i++) {
                query.setLong(p++, padded.get(i));
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    BigDecimal amount = rows.getBigDecimal(4);
                    Instant latest = rows.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC);
                    totals.add(new InteractionTotals(rows.getLong(1), rows.getLong(3), latest,
                            amount == null ? BigDecimal.ZERO : amount));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not total the interactions of type '" + type + "'", e);
        }
        return totals;
    }

}

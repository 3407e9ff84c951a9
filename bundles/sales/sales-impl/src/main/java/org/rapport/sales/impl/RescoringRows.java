package org.rapport.sales.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.rapport.persistence.Transactions;

/**
 * A re-scoring page's leads read and written in JDBC on the connection of the page's transaction
 * (the entity manager's, so the page commits or rolls back whole with its decisions and the job's
 * progress): the leads are locked as {@code PESSIMISTIC_WRITE} locks them, read with only the
 * columns scoring needs into leads the entity manager does not manage, and written back as two
 * batches, the scoring time of those that stay as they were and score, grade, queue, owner and
 * times of those that changed. The entity manager then has nothing to compare or write at the
 * commit, which cost more than the updates themselves.
 */
final class RescoringRows {

    private static final String SELECT = "SELECT ID, SOURCE, EMAIL_KEY, PHONE, COMPANY, ANSWERS, CONTACT_ID, SCORE, "
            + "GRADE, QUEUE, OWNER, OWNER_GIVEN FROM SALES_LEAD WHERE ID BETWEEN ? AND ? AND STATUS IN (?, ?)";
    private static final String SCORED = "UPDATE SALES_LEAD SET SCORED_AT = ? WHERE ID = ?";
    private static final String CHANGED = "UPDATE SALES_LEAD SET SCORE = ?, GRADE = ?, QUEUE = ?, OWNER = ?, "
            + "SCORED_AT = ?, UPDATED_AT = ? WHERE ID = ?";

    private RescoringRows() {
    }

    /**
     * The open and qualified leads with ids from {@code first} to {@code last}, locked for the
     * transaction of {@code em}, in no particular order.
     */
    static List<LeadEntity> lock(EntityManager em, long first, long last) {
        Connection connection = Transactions.connection(em);
        try (PreparedStatement select = connection.prepareStatement(SELECT + lockClause(connection))) {
            select.setLong(1, first);
            select.setLong(2, last);
            select.setString(3, OpenLeads.SCORED.get(0));
            select.setString(4, OpenLeads.SCORED.get(1));
            List<LeadEntity> leads = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    leads.add(lead(rows));
                }
            }
            return leads;
        } catch (SQLException e) {
            throw new PersistenceException("could not lock the leads " + first + " to " + last + " for re-scoring", e);
        }
    }

    private static LeadEntity lead(ResultSet rows) throws SQLException {
        LeadEntity lead = new LeadEntity();
        lead.id = rows.getLong(1);
        lead.source = rows.getString(2);
        lead.emailKey = rows.getString(3);
        lead.phone = rows.getString(4);
        lead.company = rows.getString(5);
        lead.answers = rows.getString(6);
        long contact = rows.getLong(7);
        lead.contactId = rows.wasNull() ? null : contact;
        int score = rows.getInt(8);
        lead.score = rows.wasNull() ? null : score;
        lead.grade = rows.getString(9);
        lead.queue = rows.getString(10);
        lead.owner = rows.getString(11);
        lead.ownerGiven = rows.getBoolean(12);
        return lead;
    }

    /**
     * Writes what scoring set on {@code leads} (read by {@link #lock}): every lead's scoring time,
     * and for those in {@code changed} score, grade, queue, owner and the time they changed.
     */
    static void write(EntityManager em, List<LeadEntity> leads, Collection<LeadEntity> changed, Instant now) {
        Timestamp at = Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        Set<LeadEntity> changes = Collections.newSetFromMap(new IdentityHashMap<>());
        changes.addAll(changed);
        Connection connection = Transactions.connection(em);
        try (PreparedStatement scored = connection.prepareStatement(SCORED);
                PreparedStatement update = connection.prepareStatement(CHANGED)) {
            for (LeadEntity lead : leads) {
                if (changes.contains(lead)) {
                    continue;
                }
                scored.setTimestamp(1, at);
                scored.setLong(2, lead.id);
                scored.addBatch();
            }
            for (LeadEntity lead : changed) {
                if (lead.score == null) {
                    update.setNull(1, Types.INTEGER);
                } else {
                    update.setInt(1, lead.score);
                }
                update.setString(2, lead.grade);
                update.setString(3, lead.queue);
                update.setString(4, lead.owner);
                update.setTimestamp(5, at);
                update.setTimestamp(6, at);
                update.setLong(7, lead.id);
                update.addBatch();
            }
            if (changes.size() < leads.size()) {
                scored.executeBatch();
            }
            if (!changed.isEmpty()) {
                update.executeBatch();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not write " + leads.size() + " re-scored lead(s), " + changed.size()
                    + " of them changed", e);
        }
    }


    /** Locks as EclipseLink's platforms do for {@code PESSIMISTIC_WRITE}: Derby keeps the locks to the commit only {@code WITH RS}. */
    private static String lockClause(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().contains("Derby") ? " FOR UPDATE WITH RS" : " FOR UPDATE";
    }
}

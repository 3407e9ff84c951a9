package org.rapport.events.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rapport.persistence.DomainEvents;

/**
 * Takes the events the capabilities recorded in their own transactions ({@code DOMAIN_EVENT}) into
 * the outbox, oldest first, a batch in one transaction: the batch's rows removed there (an event
 * erased meanwhile, its row gone, is not taken), written to {@code EVENT_OUTBOX} with their ids,
 * and a pending delivery written for each subscription that wants each, in the events' order, so
 * that each contact's deliveries are in the order its events were recorded. Each kind of row is
 * written as one JDBC batch.
 */
final class Intake {

    private record Recorded(long id, String eventId, String type, long contact, long occurredAt, String data) {
    }

    private final Sql sql;

    Intake(Sql sql) {
        this.sql = sql;
    }

    /** @return how many events were taken, at most {@code limit} */
    int take(List<Subscription> all, Instant now, int limit) {
        return sql.inTransaction("taking the events the capabilities recorded", c -> {
            List<Recorded> rows = Sql.query(c, "select ID, EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, DATA from "
                    + DomainEvents.TABLE + " order by ID fetch first " + limit + " rows only", r -> new Recorded(
                            r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5), r.getString(6)));
            if (rows.isEmpty()) {
                return 0;
            }
            List<Recorded> taken = removed(c, rows);
            if (taken.isEmpty()) {
                return 0;
            }
            long after = Sql.query(c, "select max(ID) from EVENT_OUTBOX", r -> r.getLong(1)).get(0);
            try (PreparedStatement insert = c.prepareStatement("insert into EVENT_OUTBOX (EVENT_ID, TYPE, CONTACT_ID, "
                    + "OCCURRED_AT, WRITTEN_AT, DATA) values (?, ?, ?, ?, ?, ?)")) {
                for (Recorded r : taken) {
                    insert.setString(1, r.eventId());
                    insert.setString(2, r.type());
                    insert.setLong(3, r.contact());
                    insert.setLong(4, r.occurredAt());
                    insert.setLong(5, now.toEpochMilli());
                    insert.setString(6, r.data());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            // The rows just written, by their ids: an event another thread writes meanwhile is not one of them.
            Map<String, Long> written = new HashMap<>();
            Sql.query(c, "select ID, EVENT_ID from EVENT_OUTBOX where ID > ?", r -> written.put(r.getString(2),
                    r.getLong(1)), after);
            try (PreparedStatement deliver = c.prepareStatement("insert into EVENT_DELIVERY (SUBSCRIPTION_ID, EVENT_ROW, "
                    + "CONTACT_ID, STATE, ATTEMPTS, NEXT_AT) values (?, ?, ?, ?, 0, ?)")) {
                for (Recorded r : taken) {
                    Long row = written.get(r.eventId());
                    if (row == null) {
                        throw new SQLException("event " + r.eventId() + " was written to EVENT_OUTBOX but is not found there");
                    }
                    for (Subscription s : all) {
                        if (s.wants(r.type())) {
                            deliver.setLong(1, s.id());
                            deliver.setLong(2, row);
                            deliver.setLong(3, r.contact());
                            deliver.setString(4, Delivery.PENDING);
                            deliver.setLong(5, now.toEpochMilli());
                            deliver.addBatch();
                        }
                    }
                }
                deliver.executeBatch();
            }
            return taken.size();
        });
    }

    /** Removes the rows from {@code DOMAIN_EVENT}; answers those that were still there. */
    private static List<Recorded> removed(Connection c, List<Recorded> rows) throws SQLException {
        List<Recorded> taken = new ArrayList<>();
        try (PreparedStatement delete = c.prepareStatement("delete from " + DomainEvents.TABLE + " where ID = ?")) {
            for (Recorded r : rows) {
                delete.setLong(1, r.id());
                delete.addBatch();
            }
            int[] counts = delete.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) {
                    taken.add(rows.get(i));
                }
            }
        }
        return taken;
    }
}

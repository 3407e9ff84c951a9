package org.rapport.events.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.rapport.persistence.Columns;
import org.rapport.persistence.DomainEvents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The events ({@code EVENT_OUTBOX}, once each, taken from the capabilities' transactional outbox
 * {@code DOMAIN_EVENT}, or this bundle's own) and each subscription's deliveries of them
 * ({@code EVENT_DELIVERY}, a row per subscription that wanted the event when it was written, or
 * that replays it). A delivery is due when its time has come and no earlier pending delivery of
 * the same subscription is about the same contact: so each contact's events reach a subscriber in
 * the order they were written, while one contact's failing event holds up no other contact's.
 */
final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many deliveries one statement records as delivered. */
    static final int CHUNK = 50;
    private static final String DELIVERY = "select d.ID, d.SUBSCRIPTION_ID, o.EVENT_ID, o.TYPE, d.CONTACT_ID, "
            + "o.OCCURRED_AT, d.STATE, d.ATTEMPTS, d.NEXT_AT, d.LAST_ERROR, d.DELIVERED_AT, o.ID as ROW_ID, o.DATA "
            + "from EVENT_DELIVERY d join EVENT_OUTBOX o on o.ID = d.EVENT_ROW";

    /** A delivery with the event it carries. */
    record Due(Delivery delivery, DomainEvent event) {
    }

    private final Sql sql;

    Outbox(Sql sql) {
        this.sql = sql;
    }

    /**
     * Stores the event and a pending delivery for each subscription given that wants it, due at
     * once; answers the event.
     */
    DomainEvent append(String type, long contactId, Instant occurredAt, Map<String, Object> data, List<Subscription> all,
            Instant now) {
        String id = UUID.randomUUID().toString();
        String json = json(data);
        return sql.inTransaction("writing a " + type + " event to the outbox", c -> {
            long row = store(c, id, type, contactId, occurredAt.toEpochMilli(), json, all, now);
            return new DomainEvent(row, id, type, contactId, occurredAt, data);
        });
    }

    private static long store(Connection c, String id, String type, long contact, long occurredAt, String data,
            List<Subscription> all, Instant now) throws SQLException {
        long row = Sql.insert(c, "insert into EVENT_OUTBOX (EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, WRITTEN_AT, DATA) "
                + "values (?, ?, ?, ?, ?, ?)", id, type, contact, occurredAt, now.toEpochMilli(), data);
        for (Subscription s : all) {
            if (s.wants(type)) {
                deliver(c, s.id(), row, contact, now);
            }
        }
        return row;
    }

    private static void deliver(Connection c, long subscription, long row, long contact, Instant now) throws SQLException {
        Sql.update(c, "insert into EVENT_DELIVERY (SUBSCRIPTION_ID, EVENT_ROW, CONTACT_ID, STATE, ATTEMPTS, NEXT_AT) "
                + "values (?, ?, ?, ?, 0, ?)", subscription, row, contact, Delivery.PENDING, now.toEpochMilli());
    }

    /** The deliveries due now of the subscriptions given, oldest first, at most {@code limit}. */
    List<Due> due(List<Long> subscriptions, Instant now, int limit) {
        if (subscriptions.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", subscriptions.stream().map(String::valueOf).toList());
        // Each contact's oldest pending delivery per subscription, found in one pass over the pending ones.
        return sql.query("finding the events due", DELIVERY + " join (select min(p.ID) as FIRST_ID from EVENT_DELIVERY p "
                + "where p.STATE = ? and p.SUBSCRIPTION_ID in (" + in + ") group by p.SUBSCRIPTION_ID, p.CONTACT_ID) f "
                + "on f.FIRST_ID = d.ID where d.NEXT_AT <= ? order by d.ID fetch first " + limit + " rows only",
                Outbox::due, Delivery.PENDING, now.toEpochMilli());
    }

    /**
     * Records the deliveries answered, in one transaction: {@value #CHUNK} at a time in one
     * statement (the last chunk filled up with its first id again, so the statement is always the
     * same one).
     */
    void delivered(List<Long> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return;
        }
        String marks = String.join(",", Collections.nCopies(CHUNK, "?"));
        sql.inTransaction("recording " + deliveries.size() + " deliveries", c -> {
            try (PreparedStatement s = c.prepareStatement("update EVENT_DELIVERY set STATE = ?, ATTEMPTS = ATTEMPTS + 1, "
                    + "DELIVERED_AT = ?, LAST_ERROR = null where STATE = ? and ID in (" + marks + ")")) {
                for (int from = 0; from < deliveries.size(); from += CHUNK) {
                    s.setString(1, Delivery.DELIVERED);
                    s.setLong(2, now.toEpochMilli());
                    s.setString(3, Delivery.PENDING);
                    for (int i = 0; i < CHUNK; i++) {
                        s.setLong(4 + i, deliveries.get(from + i < deliveries.size() ? from + i : from));
                    }
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Records a failed attempt: to be tried again at {@code next}, or dead if {@code next} is null. */
    void failed(long delivery, String error, Instant next) {
        sql.update("recording a failed delivery", "update EVENT_DELIVERY set STATE = ?, ATTEMPTS = ATTEMPTS + 1, "
                + "NEXT_AT = ?, LAST_ERROR = ? where ID = ? and STATE = ?", next == null ? Delivery.DEAD : Delivery.PENDING,
                next == null ? Long.MAX_VALUE : next.toEpochMilli(), Columns.clip(error, 1000), delivery, Delivery.PENDING);
    }

    /**
     * Delivers again, to one subscription, every stored event of the types it wants that happened
     * at or after {@code from} and before {@code until}, as new deliveries after those pending; but
     * not when that would leave the subscription more than {@code cap} deliveries waiting.
     *
     * @return how many events are to be delivered again
     * @throws IllegalArgumentException starting with {@code from}, saying how many it would be
     */
    int replay(Subscription s, Instant from, Instant until, Instant now, int cap) {
        return sql.inTransaction("replaying events", c -> {
            String types = String.join(",", Collections.nCopies(s.types().size(), "?"));
            List<Object> span = new ArrayList<>(List.of(from.toEpochMilli(), until.toEpochMilli()));
            span.addAll(s.types());
            long pending = Sql.query(c, "select count(*) from EVENT_DELIVERY where SUBSCRIPTION_ID = ? and STATE = ?",
                    r -> r.getLong(1), s.id(), Delivery.PENDING).get(0);
            long wanted = Sql.query(c, "select count(*) from EVENT_OUTBOX where OCCURRED_AT >= ? and OCCURRED_AT < ? "
                    + "and TYPE in (" + types + ")", r -> r.getLong(1), span.toArray()).get(0);
            if (pending + wanted > cap) {
                throw new IllegalArgumentException("from: " + wanted + " event(s) from " + from
                        + (until.toEpochMilli() == Long.MAX_VALUE ? "" : " until " + until) + " and " + pending + " still waiting would pass the " + cap + " a subscription may have waiting "
                        + "(maxReplayEvents in etc/" + EventsConfig.PID + ".cfg); replay a shorter span with until");
            }
            List<long[]> rows = Sql.query(c, "select ID, CONTACT_ID from EVENT_OUTBOX where OCCURRED_AT >= ? and "
                    + "OCCURRED_AT < ? and TYPE in (" + types + ") order by ID", r -> new long[] {r.getLong(1), r.getLong(2)},
                    span.toArray());
            for (long[] row : rows) {
                deliver(c, s.id(), row[0], row[1], now);
            }
            return rows.size();
        });
    }

    /** A subscription's deliveries, newest first: all, or those in one state. */
    List<Delivery> deliveries(long subscription, String state, int limit) {
        String where = " where d.SUBSCRIPTION_ID = ?" + (state == null ? "" : " and d.STATE = ?");
        Object[] parameters = state == null ? new Object[] {subscription} : new Object[] {subscription, state};
        return sql.query("listing deliveries", DELIVERY + where + " order by d.ID desc fetch first " + limit
                + " rows only", r -> due(r).delivery(), parameters);
    }

    /** Removes a subscription's deliveries (when the subscription goes). */
    void forget(long subscription) {
        sql.update("removing a subscription's deliveries", "delete from EVENT_DELIVERY where SUBSCRIPTION_ID = ?",
                subscription);
    }

    /**
     * Removes the events written before {@code before} that nothing waits for: with their
     * deliveries, delivered or dead; an event with a pending delivery stays.
     *
     * @return how many events were removed
     */
    int prune(Instant before) {
        long at = before.toEpochMilli();
        return sql.inTransaction("removing old events", c -> {
            Sql.update(c, "delete from EVENT_DELIVERY where STATE <> ? and EVENT_ROW in (select o.ID from EVENT_OUTBOX o "
                    + "where o.WRITTEN_AT < ?)", Delivery.PENDING, at);
            return Sql.update(c, "delete from EVENT_OUTBOX where WRITTEN_AT < ? and not exists (select 1 from "
                    + "EVENT_DELIVERY d where d.EVENT_ROW = EVENT_OUTBOX.ID)", at);
        });
    }

    /** What is held about a contact: the events, by type, with how many are still to be delivered. */
    Map<String, Object> export(long contact) {
        List<Object> events = sql.query("exporting events", "select o.TYPE, o.OCCURRED_AT, o.EVENT_ID, (select count(*) "
                + "from EVENT_DELIVERY d where d.EVENT_ROW = o.ID and d.STATE = 'pending') from EVENT_OUTBOX o "
                + "where o.CONTACT_ID = ? order by o.ID", r -> Map.of("type", r.getString(1), "occurredAt",
                        Instant.ofEpochMilli(r.getLong(2)).toString(), "id", r.getString(3), "pendingDeliveries", r.getLong(4)),
                contact);
        return Map.of("events", events);
    }

    /**
     * Removes every event about the contact, stored or still waiting to be taken, and every
     * delivery of them, pending, delivered or dead, but the announcement of its erasure
     * ({@code keep}) and its deliveries.
     */
    int[] erase(long contact, String keep) {
        return sql.inTransaction("erasing events", c -> new int[] {
                Sql.update(c, "delete from EVENT_DELIVERY where CONTACT_ID = ? and EVENT_ROW in (select o.ID from "
                        + "EVENT_OUTBOX o where o.CONTACT_ID = ? and o.TYPE <> ?)", contact, contact, keep),
                Sql.update(c, "delete from EVENT_OUTBOX where CONTACT_ID = ? and TYPE <> ?", contact, keep)
                        + Sql.update(c, "delete from " + DomainEvents.TABLE + " where CONTACT_ID = ? and TYPE <> ?",
                                contact, keep)});
    }

    /** Whether an event of the type about the contact is stored. */
    boolean holds(long contact, String type) {
        return !sql.query("looking for an event", "select 1 from EVENT_OUTBOX where CONTACT_ID = ? and TYPE = ?",
                r -> true, contact, type).isEmpty();
    }

    private static Due due(ResultSet r) throws SQLException {
        long delivered = r.getLong(11);
        boolean wasDelivered = !r.wasNull();
        long next = r.getLong(9);
        Delivery d = new Delivery(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getLong(5),
                Instant.ofEpochMilli(r.getLong(6)), r.getString(7), r.getInt(8),
                next == Long.MAX_VALUE ? null : Instant.ofEpochMilli(next), r.getString(10),
                wasDelivered ? Instant.ofEpochMilli(delivered) : null);
        return new Due(d, new DomainEvent(r.getLong(12), d.eventId(), d.type(), d.contactId(), d.occurredAt(),
                parse(r.getString(13))));
    }

    private static String json(Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event's data cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> parse(String data) {
        try {
            return JSON.readValue(data, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event's stored data is not JSON: " + e.getMessage(), e);
        }
    }
}

package org.rapport.events.impl;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.rapport.persistence.Columns;

/** The subscriptions in {@code EVENT_SUBSCRIPTION}; the sealed secret is read only to sign. */
final class SubscriptionStore {

    private static final String SELECT = "select ID, NAME, URL, TYPES, STATE, FAULTS, LAST_FAULT, CREATED_AT, CREATED_BY, "
            + "SUSPENDED_AT from EVENT_SUBSCRIPTION";

    private final Sql sql;

    SubscriptionStore(Sql sql) {
        this.sql = sql;
    }

    long create(String name, String url, List<String> types, String sealedSecret, String actor, Instant now) {
        return sql.inTransaction("storing subscription " + name, c -> Sql.insert(c, "insert into EVENT_SUBSCRIPTION "
                + "(NAME, URL, TYPES, SECRET, STATE, FAULTS, CREATED_AT, CREATED_BY) values (?, ?, ?, ?, ?, 0, ?, ?)",
                name, url, String.join(",", types), sealedSecret, Subscription.ACTIVE, now.toEpochMilli(),
                Columns.clip(actor == null ? "unknown" : actor, 120)));
    }

    Optional<Subscription> find(long id) {
        return sql.query("reading a subscription", SELECT + " where ID = ?", SubscriptionStore::read, id).stream().findFirst();
    }

    Optional<Subscription> named(String name) {
        return sql.query("reading a subscription", SELECT + " where NAME = ?", SubscriptionStore::read, name).stream()
                .findFirst();
    }

    List<Subscription> all() {
        return sql.query("listing subscriptions", SELECT + " order by ID", SubscriptionStore::read);
    }

    String sealedSecret(long id) {
        return sql.query("reading a subscription's secret", "select SECRET from EVENT_SUBSCRIPTION where ID = ?",
                r -> r.getString(1), id).stream().findFirst().orElseThrow();
    }

    boolean delete(long id) {
        return sql.update("removing a subscription", "delete from EVENT_SUBSCRIPTION where ID = ?", id) == 1;
    }

    /** Clears the faults in a row after a delivery. */
    void answered(long id) {
        sql.update("recording a delivery", "update EVENT_SUBSCRIPTION set FAULTS = 0, LAST_FAULT = null where ID = ? "
                + "and FAULTS > 0", id);
    }

    /** Counts a fault; answers the faults in a row now. */
    int fault(long id, String fault) {
        return sql.inTransaction("recording a fault", c -> {
            Sql.update(c, "update EVENT_SUBSCRIPTION set FAULTS = FAULTS + 1, LAST_FAULT = ? where ID = ?",
                    Columns.clip(fault, 1000), id);
            return Sql.query(c, "select FAULTS from EVENT_SUBSCRIPTION where ID = ?", r -> r.getInt(1), id).get(0);
        });
    }

    /** Suspends an active subscription; false if it was not active (another node suspended it first). */
    boolean suspend(long id, Instant now) {
        return sql.update("suspending a subscription", "update EVENT_SUBSCRIPTION set STATE = ?, SUSPENDED_AT = ? "
                + "where ID = ? and STATE = ?", Subscription.SUSPENDED, now.toEpochMilli(), id, Subscription.ACTIVE) == 1;
    }

    /** Resumes a suspended subscription with a clean record; false if it was not suspended. */
    boolean resume(long id) {
        return sql.update("resuming a subscription", "update EVENT_SUBSCRIPTION set STATE = ?, SUSPENDED_AT = null, "
                + "FAULTS = 0, LAST_FAULT = null where ID = ? and STATE = ?", Subscription.ACTIVE, id,
                Subscription.SUSPENDED) == 1;
    }

    private static Subscription read(ResultSet r) throws SQLException {
        long suspended = r.getLong(10);
        boolean isSuspended = !r.wasNull();
        return new Subscription(r.getLong(1), r.getString(2), r.getString(3), Arrays.asList(r.getString(4).split(",")),
                r.getString(5), r.getInt(6), r.getString(7), Instant.ofEpochMilli(r.getLong(8)), r.getString(9),
                isSuspended ? Instant.ofEpochMilli(suspended) : null);
    }
}

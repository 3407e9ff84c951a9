package org.rapport.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * The baseline of {@link RestIngestBenchmark}: the rows the product's purchase transactions wrote
 * in the measured run, read back from the database after the server stopped, and written again
 * with plain JDBC into the same tables (their indexes and constraints as the product created
 * them), one transaction per purchase, from as many threads as the load had connections. Each
 * transaction does what a purchase's must: the member's row locked ({@code FOR UPDATE WITH RS},
 * as EclipseLink locks on Derby), the ledger entry, its lines and lots, the purchase, the
 * {@code purchase.booked} event in the outbox, the earning decisions in the decision ledger, a tier
 * change where the product made one (its history row, its decision, its {@code tier.changed}
 * event), and the member's balance (and tier) updated. Ids are counted on from the largest in the
 * tables; no reads beyond the lock, no rules: what the writes cost by themselves.
 */
final class PurchasesByHand {

    /** A line of a purchase's ledger entry, with the lot it opened (null for the programme's side). */
    record Line(String account, Timestamp activityAt, Date expiresOn, long points, short qualifying, String rule,
            String rulePackage, Long release, Lot lot) {
    }

    record Lot(Date expiresOn, long points, long remaining) {
    }

    /** A decision recorded in the decision ledger with the booking. */
    record Decided(String subject, String type, String attributes, String rule, String rulePackage, long release,
            String facts) {
    }

    record TierMove(String fromTier, String toTier, String rule, String rulePackage, long release, String activity,
            Timestamp changedAt) {
    }

    /** One purchase's rows as the product wrote them. */
    static final class Booking {
        final long contactId;
        final String eventId;
        final Timestamp activityAt;
        final Timestamp recordedAt;
        final String actor;
        final long points;
        final long qualifying;
        final BigDecimal amount;
        final String category;
        final String channel;
        final String currency;
        final Timestamp occurredAt;
        final List<Line> lines = new ArrayList<>();
        final List<Decided> decisions = new ArrayList<>();
        TierMove tier;

        Booking(ResultSet r) throws SQLException {
            contactId = r.getLong("CONTACT_ID");
            activityAt = r.getTimestamp("ACTIVITY_AT");
            actor = r.getString("ACTOR");
            points = r.getLong("POINTS");
            qualifying = r.getLong("QUALIFYING_POINTS");
            recordedAt = r.getTimestamp("RECORDED_AT");
            eventId = r.getString("EVENT_ID");
            amount = r.getBigDecimal("AMOUNT");
            category = r.getString("CATEGORY");
            channel = r.getString("CHANNEL");
            currency = r.getString("CURRENCY");
            occurredAt = r.getTimestamp("OCCURRED_AT");
        }
    }

    /** What the baseline wrote: rows of each table. */
    record Written(long entries, long lines, long lots, long decisions, long tierChanges, long events) {
    }

    private PurchasesByHand() {
    }

    /**
     * The rows of the purchases whose event ids start with {@code runPrefix} (the measured run's),
     * in the order they were booked.
     */
    static List<Booking> booked(DataSource db, String runPrefix) throws SQLException {
        Map<Long, Booking> byEntry = new LinkedHashMap<>();
        Map<String, Booking> byEvent = new LinkedHashMap<>();
        String source = "purchase:" + runPrefix + "%";
        try (Connection c = db.getConnection()) {
            try (PreparedStatement q = c.prepareStatement("SELECT e.ID, e.CONTACT_ID, e.ACTIVITY_AT, e.ACTOR, e.POINTS, "
                    + "e.QUALIFYING_POINTS, e.RECORDED_AT, p.EVENT_ID, p.AMOUNT, p.CATEGORY, p.CHANNEL, p.CURRENCY, "
                    + "p.OCCURRED_AT FROM LOYALTY_ENTRY e JOIN LOYALTY_PURCHASE p ON p.ENTRY_ID = e.ID "
                    + "WHERE e.SOURCE LIKE ? ORDER BY e.ID")) {
                q.setString(1, source);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        Booking b = new Booking(r);
                        byEntry.put(r.getLong("ID"), b);
                        byEvent.put(b.eventId, b);
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT l.ENTRY_ID, l.ACCOUNT, l.ACTIVITY_AT, l.EXPIRES_ON, "
                    + "l.POINTS, l.QUALIFYING, l.RULE_NAME, l.RULE_PACKAGE, l.RULE_RELEASE, o.EXPIRES_ON AS LOT_EXPIRES, "
                    + "o.POINTS AS LOT_POINTS, o.REMAINING FROM LOYALTY_LINE l JOIN LOYALTY_ENTRY e ON e.ID = l.ENTRY_ID "
                    + "LEFT JOIN LOYALTY_LOT o ON o.LINE_ID = l.ID WHERE e.SOURCE LIKE ? ORDER BY l.ID")) {
                q.setString(1, source);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        Date lotExpires = r.getDate("LOT_EXPIRES");
                        Lot lot = lotExpires == null ? null : new Lot(lotExpires, r.getLong("LOT_POINTS"),
                                r.getLong("REMAINING"));
                        long release = r.getLong("RULE_RELEASE");
                        Long rule = r.wasNull() ? null : release;
                        byEntry.get(r.getLong("ENTRY_ID")).lines.add(new Line(r.getString("ACCOUNT"),
                                r.getTimestamp("ACTIVITY_AT"), r.getDate("EXPIRES_ON"), r.getLong("POINTS"),
                                r.getShort("QUALIFYING"), r.getString("RULE_NAME"), r.getString("RULE_PACKAGE"), rule,
                                lot));
                    }
                }
            }
            // The earning decisions name the purchase's event id first in their facts (Purchase[<event id>, ...).
            try (PreparedStatement q = c.prepareStatement("SELECT SUBJECT, DECISION_TYPE, ATTRIBUTES, RULE_NAME, "
                    + "PACKAGE_NAME, RELEASE_VERSION, FACTS FROM RULE_DECISION WHERE DECISION_TYPE = 'loyalty.earn'")) {
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        String facts = r.getString("FACTS");
                        int comma = facts.indexOf(',');
                        Booking b = facts.startsWith("Purchase[" + runPrefix) && comma > 0
                                ? byEvent.get(facts.substring("Purchase[".length(), comma)) : null;
                        if (b != null) {
                            b.decisions.add(new Decided(r.getString("SUBJECT"), r.getString("DECISION_TYPE"),
                                    r.getString("ATTRIBUTES"), r.getString("RULE_NAME"), r.getString("PACKAGE_NAME"),
                                    r.getLong("RELEASE_VERSION"), facts));
                        }
                    }
                }
            }
            // A booking's tier change is recorded at the booking's time, for its member.
            Map<String, Booking> byMoment = new LinkedHashMap<>();
            byEntry.values().forEach(b -> byMoment.put(b.contactId + "@" + b.recordedAt, b));
            try (Statement q = c.createStatement(); ResultSet r = q.executeQuery("SELECT CONTACT_ID, CHANGED_AT, "
                    + "FROM_TIER, TO_TIER, RULE_NAME, RULE_PACKAGE, RULE_RELEASE, ACTIVITY FROM LOYALTY_TIER_CHANGE")) {
                while (r.next()) {
                    Booking b = byMoment.get(r.getLong("CONTACT_ID") + "@" + r.getTimestamp("CHANGED_AT"));
                    if (b != null) {
                        b.tier = new TierMove(r.getString("FROM_TIER"), r.getString("TO_TIER"), r.getString("RULE_NAME"),
                                r.getString("RULE_PACKAGE"), r.getLong("RULE_RELEASE"), r.getString("ACTIVITY"),
                                r.getTimestamp("CHANGED_AT"));
                        b.decisions.add(new Decided(Long.toString(b.contactId), "loyalty.set-tier", "{\"tier\":\""
                                + b.tier.toTier() + "\"}", b.tier.rule(), b.tier.rulePackage(), b.tier.release(),
                                b.tier.activity()));
                    }
                }
            }
        }
        return new ArrayList<>(byEntry.values());
    }

    /**
     * Writes {@code bookings} again from {@code threads} threads, one transaction each (sources and
     * event ids prefixed {@code raw-}): what it wrote.
     */
    static Written write(DataSource db, List<Booking> bookings, int threads) throws Exception {
        long entriesBefore = max(db, "LOYALTY_ENTRY");
        long linesBefore = max(db, "LOYALTY_LINE");
        long changesBefore = max(db, "LOYALTY_TIER_CHANGE");
        long decisionsBefore = max(db, "RULE_DECISION");
        long eventsBefore = max(db, "DOMAIN_EVENT");
        AtomicLong entryIds = new AtomicLong(entriesBefore);
        AtomicLong lineIds = new AtomicLong(linesBefore);
        AtomicLong changeIds = new AtomicLong(changesBefore);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(pool.submit(() -> {
                try (Connection c = db.getConnection(); Statements s = new Statements(c)) {
                    c.setAutoCommit(false);
                    for (int i = next.getAndIncrement(); i < bookings.size(); i = next.getAndIncrement()) {
                        s.book(bookings.get(i), entryIds, lineIds, changeIds);
                        c.commit();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        try (Connection c = db.getConnection()) {
            return new Written(count(c, "SELECT COUNT(*) FROM LOYALTY_ENTRY WHERE ID > " + entriesBefore),
                    count(c, "SELECT COUNT(*) FROM LOYALTY_LINE WHERE ID > " + linesBefore),
                    count(c, "SELECT COUNT(*) FROM LOYALTY_LOT WHERE ENTRY_ID > " + entriesBefore),
                    count(c, "SELECT COUNT(*) FROM RULE_DECISION WHERE ID > " + decisionsBefore),
                    count(c, "SELECT COUNT(*) FROM LOYALTY_TIER_CHANGE WHERE ID > " + changesBefore),
                    count(c, "SELECT COUNT(*) FROM DOMAIN_EVENT WHERE ID > " + eventsBefore));
        }
    }

    /** What the product wrote for {@code bookings}: rows of each table, counted as {@link Written}. */
    static Written wrote(List<Booking> bookings) {
        long lines = 0;
        long lots = 0;
        long decisions = 0;
        long changes = 0;
        for (Booking b : bookings) {
            lines += b.lines.size();
            lots += b.lines.stream().filter(l -> l.lot() != null).count();
            decisions += b.decisions.size();
            changes += b.tier == null ? 0 : 1;
        }
        return new Written(bookings.size(), lines, lots, decisions, changes, bookings.size() + changes);
    }

    /** The prepared statements of one writer, on its connection. */
    private static final class Statements implements AutoCloseable {
        private final PreparedStatement lock;
        private final PreparedStatement entry;
        private final PreparedStatement line;
        private final PreparedStatement lot;
        private final PreparedStatement purchase;
        private final PreparedStatement event;
        private final PreparedStatement decision;
        private final PreparedStatement change;
        private final PreparedStatement balance;
        private final PreparedStatement tier;

        Statements(Connection c) throws SQLException {
            lock = c.prepareStatement("SELECT BALANCE FROM LOYALTY_MEMBER WHERE CONTACT_ID = ? FOR UPDATE WITH RS");
            entry = c.prepareStatement("INSERT INTO LOYALTY_ENTRY (ID, ACTIVITY_AT, ACTOR, CONTACT_ID, KIND, POINTS, "
                    + "QUALIFYING_POINTS, RECORDED_AT, SOURCE) VALUES (?, ?, ?, ?, 'EARN', ?, ?, ?, ?)");
            line = c.prepareStatement("INSERT INTO LOYALTY_LINE (ID, ACCOUNT, ACTIVITY_AT, CONTACT_ID, ENTRY_ID, "
                    + "EXPIRES_ON, POINTS, QUALIFYING, RULE_NAME, RULE_PACKAGE, RULE_RELEASE) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            lot = c.prepareStatement("INSERT INTO LOYALTY_LOT (LINE_ID, CONTACT_ID, ENTRY_ID, EXPIRES_ON, POINTS, "
                    + "REMAINING) VALUES (?, ?, ?, ?, ?, ?)");
            purchase = c.prepareStatement("INSERT INTO LOYALTY_PURCHASE (ENTRY_ID, AMOUNT, CATEGORY, CHANNEL, CONTACT_ID, "
                    + "CURRENCY, EVENT_ID, OCCURRED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            event = c.prepareStatement("INSERT INTO DOMAIN_EVENT (EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, DATA) "
                    + "VALUES (?, ?, ?, ?, ?)");
            decision = c.prepareStatement("INSERT INTO RULE_DECISION (SUBJECT, DECISION_TYPE, ATTRIBUTES, RULE_NAME, "
                    + "PACKAGE_NAME, RELEASE_VERSION, FACTS, DECIDED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            change = c.prepareStatement("INSERT INTO LOYALTY_TIER_CHANGE (ID, ACTIVITY, CHANGED_AT, CONTACT_ID, FROM_TIER, "
                    + "RULE_NAME, RULE_PACKAGE, RULE_RELEASE, TO_TIER) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            balance = c.prepareStatement("UPDATE LOYALTY_MEMBER SET BALANCE = ? WHERE CONTACT_ID = ?");
            tier = c.prepareStatement("UPDATE LOYALTY_MEMBER SET BALANCE = ?, TIER = ?, TIER_RULE = ?, TIER_PACKAGE = ?, "
                    + "TIER_RELEASE = ?, TIER_SINCE = ?, AT_RISK_SINCE = NULL WHERE CONTACT_ID = ?");
        }

        void book(Booking b, AtomicLong entryIds, AtomicLong lineIds, AtomicLong changeIds) throws SQLException {
            long balanceBefore;
            lock.setLong(1, b.contactId);
            try (ResultSet r = lock.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("member " + b.contactId + " is not there");
                }
                balanceBefore = r.getLong(1);
            }
            long entryId = entryIds.incrementAndGet();
            entry.setLong(1, entryId);
            entry.setTimestamp(2, b.activityAt);
            entry.setString(3, b.actor);
            entry.setLong(4, b.contactId);
            entry.setLong(5, b.points);
            entry.setLong(6, b.qualifying);
            entry.setTimestamp(7, b.recordedAt);
            entry.setString(8, "purchase:raw-" + b.eventId);
            entry.executeUpdate();
            boolean lots = false;
            for (Line l : b.lines) {
                long lineId = lineIds.incrementAndGet();
                line.setLong(1, lineId);
                line.setString(2, l.account());
                line.setTimestamp(3, l.activityAt());
                line.setLong(4, b.contactId);
                line.setLong(5, entryId);
                line.setDate(6, l.expiresOn());
                line.setLong(7, l.points());
                line.setShort(8, l.qualifying());
                line.setString(9, l.rule());
                line.setString(10, l.rulePackage());
                line.setObject(11, l.release(), java.sql.Types.BIGINT);
                line.addBatch();
                if (l.lot() != null) {
                    lot.setLong(1, lineId);
                    lot.setLong(2, b.contactId);
                    lot.setLong(3, entryId);
                    lot.setDate(4, l.lot().expiresOn());
                    lot.setLong(5, l.lot().points());
                    lot.setLong(6, l.lot().remaining());
                    lot.addBatch();
                    lots = true;
                }
            }
            line.executeBatch();
            if (lots) {
                lot.executeBatch();
            }
            purchase.setLong(1, entryId);
            purchase.setBigDecimal(2, b.amount);
            purchase.setString(3, b.category);
            purchase.setString(4, b.channel);
            purchase.setLong(5, b.contactId);
            purchase.setString(6, b.currency);
            purchase.setString(7, "raw-" + b.eventId);
            purchase.setTimestamp(8, b.occurredAt);
            purchase.executeUpdate();
            event(b.contactId, "purchase.booked", "{\"contactId\":" + b.contactId + ",\"orderId\":\"raw-" + b.eventId
                    + "\",\"entryId\":" + entryId + ",\"points\":" + b.points + ",\"amount\":\"" + b.amount.toPlainString()
                    + "\",\"currency\":\"" + b.currency + "\",\"category\":null,\"channel\":\"" + b.channel
                    + "\",\"occurredAt\":\"" + b.activityAt.toInstant() + "\"}");
            Timestamp now = new Timestamp(System.currentTimeMillis());
            for (Decided d : b.decisions) {
                decision.setString(1, d.subject());
                decision.setString(2, d.type());
                decision.setString(3, d.attributes());
                decision.setString(4, d.rule());
                decision.setString(5, d.rulePackage());
                decision.setLong(6, d.release());
                decision.setString(7, d.facts());
                decision.setTimestamp(8, now);
                decision.addBatch();
            }
            if (!b.decisions.isEmpty()) {
                decision.executeBatch();
            }
            long balanceAfter = balanceBefore + b.points;
            if (b.tier == null) {
                balance.setLong(1, balanceAfter);
                balance.setLong(2, b.contactId);
                balance.executeUpdate();
                return;
            }
            TierMove m = b.tier;
            change.setLong(1, changeIds.incrementAndGet());
            change.setString(2, m.activity());
            change.setTimestamp(3, m.changedAt());
            change.setLong(4, b.contactId);
            change.setString(5, m.fromTier());
            change.setString(6, m.rule());
            change.setString(7, m.rulePackage());
            change.setLong(8, m.release());
            change.setString(9, m.toTier());
            change.executeUpdate();
            event(b.contactId, "tier.changed", "{\"contactId\":" + b.contactId + ",\"fromTier\":\"" + m.fromTier()
                    + "\",\"toTier\":\"" + m.toTier() + "\",\"rule\":\"" + m.rule() + "\",\"release\":\"" + m.rulePackage()
                    + " v" + m.release() + "\"}");
            tier.setLong(1, balanceAfter);
            tier.setString(2, m.toTier());
            tier.setString(3, m.rule());
            tier.setString(4, m.rulePackage());
            tier.setLong(5, m.release());
            tier.setTimestamp(6, m.changedAt());
            tier.setLong(7, b.contactId);
            tier.executeUpdate();
        }

        private void event(long contactId, String type, String data) throws SQLException {
            event.setString(1, UUID.randomUUID().toString());
            event.setString(2, type);
            event.setLong(3, contactId);
            event.setLong(4, System.currentTimeMillis());
            event.setString(5, data);
            event.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement s : new PreparedStatement[] {lock, entry, line, lot, purchase, event, decision, change,
                balance, tier}) {
                s.close();
            }
        }
    }

    private static long max(DataSource db, String table) throws SQLException {
        try (Connection c = db.getConnection()) {
            return count(c, "SELECT COALESCE(MAX(ID), 0) FROM " + table);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}

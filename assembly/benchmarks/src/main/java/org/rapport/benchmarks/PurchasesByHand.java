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
import java.util.TreeMap;
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

    /** A line of the purchase as the till sent it ({@code LOYALTY_PURCHASE_LINE}). */
    record Item(int lineNo, String sku, String category, int quantity, BigDecimal unitPrice) {
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
        final List<Item> items = new ArrayList<>();
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
    record Written(long entries, long lines, long lots, long items, long decisions, long tierChanges, long events) {
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
            try (PreparedStatement q = c.prepareStatement("SELECT i.ENTRY_ID, i.LINE_NO, i.SKU, i.CATEGORY, i.QUANTITY, "
                    + "i.UNIT_PRICE FROM LOYALTY_PURCHASE_LINE i JOIN LOYALTY_ENTRY e ON e.ID = i.ENTRY_ID "
                    + "WHERE e.SOURCE LIKE ? ORDER BY i.ENTRY_ID, i.LINE_NO")) {
                q.setString(1, source);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        byEntry.get(r.getLong("ENTRY_ID")).items.add(new Item(r.getInt("LINE_NO"), r.getString("SKU"),
                                r.getString("CATEGORY"), r.getInt("QUANTITY"), r.getBigDecimal("UNIT_PRICE")));
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
        Ids ids = new Ids(db);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(pool.submit(() -> {
                try (Connection c = db.getConnection(); Statements s = new Statements(c, ids)) {
                    c.setAutoCommit(false);
                    for (int i = next.getAndIncrement(); i < bookings.size(); i = next.getAndIncrement()) {
                        Booking b = bookings.get(i);
                        s.book(b, s.lock(b.contactId), false);
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
        return ids.written(db);
    }

    /**
     * Writes {@code bookings} again in pages of {@code page}, one transaction a page on one
     * connection (sources and event ids prefixed {@code raw-}), as a bulk load would: the page's
     * event ids looked for among the entries' sources in one query (the idempotency check; none is
     * found), its members locked in the order of their ids, then every row of the page sent as JDBC
     * batches, a table at a time, each member's balance carried from one of its purchases to the
     * next. What it wrote.
     */
    static Written writePaged(DataSource db, List<Booking> bookings, int page) throws Exception {
        Ids ids = new Ids(db);
        StringBuilder in = new StringBuilder("SELECT SOURCE FROM LOYALTY_ENTRY WHERE SOURCE IN (?");
        in.append(", ?".repeat(page - 1)).append(')');
        try (Connection c = db.getConnection(); Statements s = new Statements(c, ids);
                PreparedStatement seen = c.prepareStatement(in.toString())) {
            c.setAutoCommit(false);
            for (int from = 0; from < bookings.size(); from += page) {
                List<Booking> part = bookings.subList(from, Math.min(bookings.size(), from + page));
                for (int i = 0; i < page; i++) {
                    seen.setString(i + 1, i < part.size() ? "purchase:raw-" + part.get(i).eventId : null);
                }
                try (ResultSet r = seen.executeQuery()) {
                    if (r.next()) {
                        throw new IllegalStateException(r.getString(1) + " is booked already");
                    }
                }
                Map<Long, Long> balances = new TreeMap<>();
                part.forEach(b -> balances.put(b.contactId, 0L));
                for (Map.Entry<Long, Long> member : balances.entrySet()) {
                    member.setValue(s.lock(member.getKey()));
                }
                for (Booking b : part) {
                    balances.put(b.contactId, s.book(b, balances.get(b.contactId), true));
                }
                s.executeBatches();
                c.commit();
            }
        }
        return ids.written(db);
    }

    /** What the product wrote for {@code bookings}: rows of each table, counted as {@link Written}. */
    static Written wrote(List<Booking> bookings) {
        long lines = 0;
        long lots = 0;
        long items = 0;
        long decisions = 0;
        long changes = 0;
        for (Booking b : bookings) {
            lines += b.lines.size();
            lots += b.lines.stream().filter(l -> l.lot() != null).count();
            items += b.items.size();
            decisions += b.decisions.size();
            changes += b.tier == null ? 0 : 1;
        }
        return new Written(bookings.size(), lines, lots, items, decisions, changes, bookings.size() + changes);
    }

    /** The ids the baseline counts on from, the largest in the tables before it, and what it wrote past them. */
    private static final class Ids {
        final long entriesBefore;
        final long linesBefore;
        final long itemsBefore;
        final long changesBefore;
        final long decisionsBefore;
        final long eventsBefore;
        final AtomicLong entry;
        final AtomicLong line;
        final AtomicLong item;
        final AtomicLong change;

        Ids(DataSource db) throws SQLException {
            entriesBefore = max(db, "LOYALTY_ENTRY");
            linesBefore = max(db, "LOYALTY_LINE");
            itemsBefore = max(db, "LOYALTY_PURCHASE_LINE");
            changesBefore = max(db, "LOYALTY_TIER_CHANGE");
            decisionsBefore = max(db, "RULE_DECISION");
            eventsBefore = max(db, "DOMAIN_EVENT");
            entry = new AtomicLong(entriesBefore);
            line = new AtomicLong(linesBefore);
            item = new AtomicLong(itemsBefore);
            change = new AtomicLong(changesBefore);
        }

        Written written(DataSource db) throws SQLException {
            try (Connection c = db.getConnection()) {
                return new Written(count(c, "SELECT COUNT(*) FROM LOYALTY_ENTRY WHERE ID > " + entriesBefore),
                        count(c, "SELECT COUNT(*) FROM LOYALTY_LINE WHERE ID > " + linesBefore),
                        count(c, "SELECT COUNT(*) FROM LOYALTY_LOT WHERE ENTRY_ID > " + entriesBefore),
                        count(c, "SELECT COUNT(*) FROM LOYALTY_PURCHASE_LINE WHERE ID > " + itemsBefore),
                        count(c, "SELECT COUNT(*) FROM RULE_DECISION WHERE ID > " + decisionsBefore),
                        count(c, "SELECT COUNT(*) FROM LOYALTY_TIER_CHANGE WHERE ID > " + changesBefore),
                        count(c, "SELECT COUNT(*) FROM DOMAIN_EVENT WHERE ID > " + eventsBefore));
            }
        }
    }

    /** The prepared statements of one writer, on its connection. */
    private static final class Statements implements AutoCloseable {
        private final Ids ids;
        private final PreparedStatement lock;
        private final PreparedStatement entry;
        private final PreparedStatement line;
        private final PreparedStatement lot;
        private final PreparedStatement purchase;
        private final PreparedStatement item;
        private final PreparedStatement event;
        private final PreparedStatement decision;
        private final PreparedStatement change;
        private final PreparedStatement balance;
        private final PreparedStatement tier;
        /** In the order their rows must reach the database: entries before the rows that name them. */
        private final PreparedStatement[] all;

        Statements(Connection c, Ids ids) throws SQLException {
            this.ids = ids;
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
            item = c.prepareStatement("INSERT INTO LOYALTY_PURCHASE_LINE (ID, ENTRY_ID, LINE_NO, CONTACT_ID, SKU, "
                    + "CATEGORY, QUANTITY, UNIT_PRICE) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            event = c.prepareStatement("INSERT INTO DOMAIN_EVENT (EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, DATA) "
                    + "VALUES (?, ?, ?, ?, ?)");
            decision = c.prepareStatement("INSERT INTO RULE_DECISION (SUBJECT, DECISION_TYPE, ATTRIBUTES, RULE_NAME, "
                    + "PACKAGE_NAME, RELEASE_VERSION, FACTS, DECIDED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            change = c.prepareStatement("INSERT INTO LOYALTY_TIER_CHANGE (ID, ACTIVITY, CHANGED_AT, CONTACT_ID, FROM_TIER, "
                    + "RULE_NAME, RULE_PACKAGE, RULE_RELEASE, TO_TIER) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            balance = c.prepareStatement("UPDATE LOYALTY_MEMBER SET BALANCE = ? WHERE CONTACT_ID = ?");
            tier = c.prepareStatement("UPDATE LOYALTY_MEMBER SET BALANCE = ?, TIER = ?, TIER_RULE = ?, TIER_PACKAGE = ?, "
                    + "TIER_RELEASE = ?, TIER_SINCE = ?, AT_RISK_SINCE = NULL WHERE CONTACT_ID = ?");
            all = new PreparedStatement[] {entry, line, lot, purchase, item, event, decision, change, balance, tier};
        }

        /** Locks the member's row: their balance. */
        long lock(long contactId) throws SQLException {
            lock.setLong(1, contactId);
            try (ResultSet r = lock.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("member " + contactId + " is not there");
                }
                return r.getLong(1);
            }
        }

        /**
         * Writes the booking's rows for a member whose balance was {@code balanceBefore}: each
         * statement at once, or added to its batch for {@link #executeBatches} when {@code paged}.
         * The member's balance after it.
         */
        long book(Booking b, long balanceBefore, boolean paged) throws SQLException {
            long entryId = ids.entry.incrementAndGet();
            entry.setLong(1, entryId);
            entry.setTimestamp(2, b.activityAt);
            entry.setString(3, b.actor);
            entry.setLong(4, b.contactId);
            entry.setLong(5, b.points);
            entry.setLong(6, b.qualifying);
            entry.setTimestamp(7, b.recordedAt);
            entry.setString(8, "purchase:raw-" + b.eventId);
            entry.addBatch();
            for (Line l : b.lines) {
                long lineId = ids.line.incrementAndGet();
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
                }
            }
            purchase.setLong(1, entryId);
            purchase.setBigDecimal(2, b.amount);
            purchase.setString(3, b.category);
            purchase.setString(4, b.channel);
            purchase.setLong(5, b.contactId);
            purchase.setString(6, b.currency);
            purchase.setString(7, "raw-" + b.eventId);
            purchase.setTimestamp(8, b.occurredAt);
            purchase.addBatch();
            for (Item i : b.items) {
                item.setLong(1, ids.item.incrementAndGet());
                item.setLong(2, entryId);
                item.setInt(3, i.lineNo());
                item.setLong(4, b.contactId);
                item.setString(5, i.sku());
                item.setString(6, i.category());
                item.setInt(7, i.quantity());
                item.setBigDecimal(8, i.unitPrice());
                item.addBatch();
            }
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
            long balanceAfter = balanceBefore + b.points;
            if (b.tier == null) {
                balance.setLong(1, balanceAfter);
                balance.setLong(2, b.contactId);
                balance.addBatch();
            } else {
                TierMove m = b.tier;
                change.setLong(1, ids.change.incrementAndGet());
                change.setString(2, m.activity());
                change.setTimestamp(3, m.changedAt());
                change.setLong(4, b.contactId);
                change.setString(5, m.fromTier());
                change.setString(6, m.rule());
                change.setString(7, m.rulePackage());
                change.setLong(8, m.release());
                change.setString(9, m.toTier());
                change.addBatch();
                event(b.contactId, "tier.changed", "{\"contactId\":" + b.contactId + ",\"fromTier\":\"" + m.fromTier()
                        + "\",\"toTier\":\"" + m.toTier() + "\",\"rule\":\"" + m.rule() + "\",\"release\":\""
                        + m.rulePackage() + " v" + m.release() + "\"}");
                tier.setLong(1, balanceAfter);
                tier.setString(2, m.toTier());
                tier.setString(3, m.rule());
                tier.setString(4, m.rulePackage());
                tier.setLong(5, m.release());
                tier.setTimestamp(6, m.changedAt());
                tier.setLong(7, b.contactId);
                tier.addBatch();
            }
            if (!paged) {
                executeBatches();
            }
            return balanceAfter;
        }

        /** Sends what was added to each statement, in the order of {@link #all}. */
        void executeBatches() throws SQLException {
            for (PreparedStatement s : all) {
                s.executeBatch();
            }
        }

        private void event(long contactId, String type, String data) throws SQLException {
            event.setString(1, UUID.randomUUID().toString());
            event.setString(2, type);
            event.setLong(3, contactId);
            event.setLong(4, System.currentTimeMillis());
            event.setString(5, data);
            event.addBatch();
        }

        @Override
        public void close() throws SQLException {
            lock.close();
            for (PreparedStatement s : all) {
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

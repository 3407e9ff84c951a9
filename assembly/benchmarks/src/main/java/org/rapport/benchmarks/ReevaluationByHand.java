package org.rapport.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * The re-evaluation part of {@link LoyaltyBenchmark} done by hand: members and their qualifying
 * points seeded in JDBC batches, and the baseline, one JDBC scan joining members to their points
 * with the shipped tiers hand-coded and batch updates.
 */
final class ReevaluationByHand {

    private static final int JDBC_BATCH = 1000;
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final long[] FROM = {0, 1000, 5000, 20000};

    private ReevaluationByHand() {
    }

    /**
     * Members whose tier mostly agrees with their points; some are owed an upgrade, some fall
     * below their tier (at risk from now), some have been at risk past the grace period.
     *
     * @return how many members each tier should hold once re-evaluated
     */
    static Map<String, Integer> seed(EmbeddedDataSource db, long firstId, int members, Instant now,
            Random random) throws SQLException {
        Timestamp joined = utc(now.minus(800, ChronoUnit.DAYS));
        Timestamp tierSince = utc(now.minus(400, ChronoUnit.DAYS));
        Timestamp earned = utc(now.minus(30, ChronoUnit.DAYS));
        Timestamp longAtRisk = utc(now.minus(130, ChronoUnit.DAYS));
        Map<String, Integer> expected = new TreeMap<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement member = c.prepareStatement("INSERT INTO LOYALTY_MEMBER (CONTACT_ID, BALANCE, "
                    + "JOINED_AT, TIER, TIER_RULE, TIER_PACKAGE, TIER_RELEASE, TIER_SINCE, AT_RISK_SINCE) "
                    + "VALUES (?, ?, ?, ?, 'seeded', 'loyalty', 1, ?, ?)");
                    PreparedStatement line = c.prepareStatement("INSERT INTO LOYALTY_LINE (ID, ENTRY_ID, CONTACT_ID, "
                            + "ACCOUNT, POINTS, QUALIFYING, ACTIVITY_AT) VALUES (?, ?, ?, 'member', ?, ?, ?)");
                    PreparedStatement purchase = c.prepareStatement("INSERT INTO LOYALTY_PURCHASE (ENTRY_ID, "
                            + "CONTACT_ID, EVENT_ID, AMOUNT, CURRENCY, OCCURRED_AT) VALUES (?, ?, ?, ?, 'EUR', ?)")) {
                for (int i = 0; i < members; i++) {
                    long id = firstId + i;
                    long points = random.nextInt(10) < 6 ? random.nextInt(1000) : random.nextInt(30_000);
                    int earns = tierOf(points);
                    int kind = random.nextInt(100);
                    int tier = earns;
                    Timestamp atRisk = null;
                    int after = earns;
                    if (kind < 5 && earns > 0) {
                        tier = earns - 1; // owed an upgrade
                    } else if (kind < 15 && earns < 3) {
                        tier = earns + 1; // below the tier: at risk from now
                        after = tier;
                    } else if (kind < 20 && earns < 3) {
                        tier = earns + 1; // at risk past the grace period: down to what the points earn
                        atRisk = longAtRisk;
                    }
                    expected.merge(TIERS[after], 1, Integer::sum);
                    member.setLong(1, id);
                    member.setLong(2, points);
                    member.setTimestamp(3, joined);
                    member.setString(4, TIERS[tier]);
                    member.setTimestamp(5, tierSince);
                    member.setTimestamp(6, atRisk);
                    member.addBatch();
                    line.setLong(1, id);
                    line.setLong(2, id);
                    line.setLong(3, id);
                    line.setLong(4, points);
                    line.setBoolean(5, true);
                    line.setTimestamp(6, earned);
                    line.addBatch();
                    purchase.setLong(1, id);
                    purchase.setLong(2, id);
                    purchase.setString(3, "seed-" + id);
                    purchase.setBigDecimal(4, BigDecimal.valueOf(points, 0));
                    purchase.setTimestamp(5, earned);
                    purchase.addBatch();
                    if ((i + 1) % JDBC_BATCH == 0 || i == members - 1) {
                        member.executeBatch();
                        line.executeBatch();
                        purchase.executeBatch();
                        c.commit();
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE BENCH_MEMBER (CONTACT_ID BIGINT PRIMARY KEY, TIER VARCHAR(60), "
                        + "TIER_SINCE TIMESTAMP, AT_RISK_SINCE TIMESTAMP)");
                s.execute("INSERT INTO BENCH_MEMBER SELECT CONTACT_ID, TIER, TIER_SINCE, AT_RISK_SINCE FROM LOYALTY_MEMBER "
                        + "WHERE CONTACT_ID >= " + firstId);
                s.execute("CREATE TABLE BENCH_TIER_CHANGE (CONTACT_ID BIGINT NOT NULL, FROM_TIER VARCHAR(60), "
                        + "TO_TIER VARCHAR(60) NOT NULL, CHANGED_AT TIMESTAMP NOT NULL)");
                // The statistics a long-running database would have: both sides plan with them.
                s.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('APP', 'LOYALTY_LINE', NULL)");
                s.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('APP', 'LOYALTY_MEMBER', NULL)");
            }
            c.commit();
        }
        return expected;
    }

    /**
     * The baseline: the shipped tiers hand-coded over one scan of every member with their
     * qualifying points, the changes written in JDBC batches.
     *
     * @return how many members changed
     */
    static int baseline(EmbeddedDataSource db, Timestamp yearAgo, Timestamp now) throws SQLException {
        int changes = 0;
        try (Connection read = db.getConnection(); Connection write = db.getConnection()) {
            read.setAutoCommit(false);
            write.setAutoCommit(false);
            try (PreparedStatement scan = read.prepareStatement("SELECT m.CONTACT_ID, m.TIER, m.AT_RISK_SINCE, "
                    + "q.POINTS FROM BENCH_MEMBER m LEFT OUTER JOIN (SELECT CONTACT_ID, SUM(POINTS) AS POINTS "
                    + "FROM LOYALTY_LINE WHERE ACCOUNT = 'member' AND QUALIFYING = ? AND ACTIVITY_AT >= ? "
                    + "GROUP BY CONTACT_ID) q ON q.CONTACT_ID = m.CONTACT_ID");
                    PreparedStatement update = write.prepareStatement("UPDATE BENCH_MEMBER SET TIER = ?, TIER_SINCE = ?, "
                            + "AT_RISK_SINCE = ? WHERE CONTACT_ID = ?");
                    PreparedStatement change = write.prepareStatement("INSERT INTO BENCH_TIER_CHANGE (CONTACT_ID, "
                            + "FROM_TIER, TO_TIER, CHANGED_AT) VALUES (?, ?, ?, ?)")) {
                scan.setBoolean(1, true);
                scan.setTimestamp(2, yearAgo);
                scan.setFetchSize(1000);
                int pending = 0;
                try (ResultSet rows = scan.executeQuery()) {
                    while (rows.next()) {
                        long id = rows.getLong(1);
                        String tier = rows.getString(2);
                        Timestamp atRisk = rows.getTimestamp(3);
                        long points = rows.getLong(4);
                        int current = List.of(TIERS).indexOf(tier);
                        int earns = tierOf(points);
                        int months = atRisk == null ? 0 : (int) ChronoUnit.MONTHS.between(
                                atRisk.toLocalDateTime(), now.toLocalDateTime());
                        String newTier = null;
                        Timestamp newRisk = atRisk;
                        if (earns > current || current < 0) {
                            newTier = TIERS[earns];
                            newRisk = null;
                        } else if (earns < current) {
                            if (months >= 3) {
                                newTier = TIERS[earns];
                                newRisk = null;
                            } else if (atRisk == null) {
                                newRisk = now;
                            }
                        } else {
                            newRisk = null;
                        }
                        if (newTier == null && java.util.Objects.equals(newRisk, atRisk)) {
                            continue;
                        }
                        update.setString(1, newTier == null ? tier : newTier);
                        update.setTimestamp(2, now);
                        update.setTimestamp(3, newRisk);
                        update.setLong(4, id);
                        update.addBatch();
                        if (newTier != null) {
                            change.setLong(1, id);
                            change.setString(2, tier);
                            change.setString(3, newTier);
                            change.setTimestamp(4, now);
                            change.addBatch();
                        }
                        changes++;
                        if (++pending == JDBC_BATCH) {
                            update.executeBatch();
                            change.executeBatch();
                            write.commit();
                            pending = 0;
                        }
                    }
                }
                update.executeBatch();
                change.executeBatch();
                write.commit();
                read.commit();
            }
        }
        return changes;
    }

    static int tierOf(long points) {
        int tier = 0;
        while (tier + 1 < FROM.length && points >= FROM[tier + 1]) {
            tier++;
        }
        return tier;
    }

    static Map<String, Integer> tiers(EmbeddedDataSource db, String table, long firstId) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT TIER, COUNT(*) FROM " + table + " WHERE CONTACT_ID >= " + firstId
                        + " GROUP BY TIER")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    static Timestamp utc(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}

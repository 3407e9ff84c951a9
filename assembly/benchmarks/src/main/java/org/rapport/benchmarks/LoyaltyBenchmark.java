package org.rapport.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;


import org.apache.derby.jdbc.EmbeddedDataSource;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.ReevaluationJob;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyConfig;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.loyalty.impl.LoyaltyServiceImpl;
import org.rapport.loyalty.impl.TierReevaluationImpl;
import org.rapport.loyalty.impl.TierReevaluationPages;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;

/**
 * Measures loyalty on an embedded Derby database on disk, as the product uses it, with the
 * shipped {@code loyalty} rules:
 * <ol>
 * <li>purchase ingest through {@code LoyaltyService} (ledger entry, earning rules, tier rules,
 * decision ledger, one transaction each) from two threads: events per second, p50 and p99;</li>
 * <li>re-evaluating every member's tier with a {@code TierReevaluation} job, end to end, versus a
 * baseline in the same run and database: one JDBC scan joining each member to their qualifying
 * points, the shipped tier rules hand-coded, and batch updates of the members that change (with a
 * row per change, as the job writes its tier history). Both start from the same seeded members
 * and must reach the same tiers. Goal: within 2x of the baseline.</li>
 * </ol>
 * {@code -Drapport.bench.members=N} and {@code -Drapport.bench.purchases=N} change the sizes.
 */
public final class LoyaltyBenchmark {

    private static final int MEMBERS_DEFAULT = 1_000_000;
    private static final int PURCHASES_DEFAULT = 20_000;
    private static final int BUYERS = 2_000;
    private static final int THREADS = 2;
    private static final int JDBC_BATCH = 1000;
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final long[] FROM = {0, 1000, 5000, 20000};

    private LoyaltyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int members = Integer.getInteger("rapport.bench.members", MEMBERS_DEFAULT);
        int purchases = Integer.getInteger("rapport.bench.purchases", PURCHASES_DEFAULT);
        Path dir = Files.createTempDirectory("rapport-bench-loyalty");
        System.out.printf("Rapport loyalty benchmark: %,d purchases, %,d members to re-evaluate, Derby on disk at %s, "
                + "Java %s%n%n", purchases, members, dir, System.getProperty("java.version"));

        DerbyOnDisk derby = new DerbyOnDisk(dir, "rapport-contacts", "rapport-rules", "rapport-loyalty");
        EmbeddedDataSource db = derby.dataSource;
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        engine.deploy("loyalty", shippedLoyaltyRules(), "rules/loyalty", "benchmark");
        JpaDecisionLedger ledger = new JpaDecisionLedger(derby.unit("rapport-rules"));
        ContactServiceImpl contacts = new ContactServiceImpl(derby.unit("rapport-contacts"));
        LoyaltyServiceImpl loyalty = new LoyaltyServiceImpl(derby.unit("rapport-loyalty"), engine, ledger, contacts,
                config());

        ingest(loyalty, contacts, purchases);

        // Re-evaluated members get ids above the buyers', so the two parts do not meet.
        long firstId = 10_000_000L;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long seedStart = System.nanoTime();
        Map<String, Integer> expected = seed(db, firstId, members, now, new Random(42));
        System.out.printf("Seeded %,d members with their qualifying points and purchases in %.0f s%n%n", members,
                (System.nanoTime() - seedStart) / 1e9);

        long start = System.nanoTime();
        int baselineChanges = baseline(db, Timestamp.valueOf(LocalDateTime.ofInstant(now.minus(365, ChronoUnit.DAYS),
                ZoneOffset.UTC)), Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
        double baselineSeconds = (System.nanoTime() - start) / 1e9;

        JobRunnerImpl runner = new JobRunnerImpl(db,
                new DatabaseCluster(db, "benchmark", Duration.ofMinutes(1), null, Clock.systemUTC()), Clock.systemUTC(), null);
        runner.addKind(new TierReevaluationPages(runner, derby.unit("rapport-loyalty"), engine, ledger, Clock.systemUTC(),
                1000));
        TierReevaluationImpl reevaluation = new TierReevaluationImpl(runner, derby.unit("rapport-loyalty"));
        start = System.nanoTime();
        ReevaluationJob job = reevaluation.start("benchmark");
        while (job.state() == ReevaluationJob.State.RUNNING) {
            Thread.sleep(200);
            job = reevaluation.job(job.id()).orElseThrow();
        }
        double jobSeconds = (System.nanoTime() - start) / 1e9;
        if (job.state() != ReevaluationJob.State.DONE) {
            throw new IllegalStateException("the re-evaluation job ended " + job.state() + ": " + job.error());
        }
        Map<String, Integer> viaJob = tiers(db, "LOYALTY_MEMBER", firstId);
        Map<String, Integer> viaBaseline = tiers(db, "BENCH_MEMBER", firstId);
        if (!viaJob.equals(viaBaseline) || !viaJob.equals(expected)) {
            throw new IllegalStateException("tiers differ: job " + viaJob + ", baseline " + viaBaseline + ", expected "
                    + expected);
        }
        System.out.printf("Tier re-evaluation, %,d members (%,d change)%n  job        %8.1f s, %,10.0f members/s%n"
                + "  raw JDBC   %8.1f s, %,10.0f members/s (baseline: scan, hand-coded tiers, batch update)%n"
                + "  ratio      %.2fx the baseline's time; goal within 2x: %s%n  tiers after: %s%n%n", members,
                job.changed(), jobSeconds, members / jobSeconds, baselineSeconds, members / baselineSeconds,
                jobSeconds / baselineSeconds, jobSeconds <= 2 * baselineSeconds ? "met" : "not met", viaJob);
        if (job.changed() != baselineChanges) {
            throw new IllegalStateException("the job changed " + job.changed() + " members, the baseline "
                    + baselineChanges);
        }
        derby.close();
    }

    // ---- ingest ------------------------------------------------------------------------------

    private static void ingest(LoyaltyServiceImpl loyalty, ContactServiceImpl contacts, int purchases)
            throws Exception {
        List<Long> buyers = new ArrayList<>(BUYERS);
        for (int i = 0; i < BUYERS; i++) {
            buyers.add(contacts.create(new NewContact("buyer" + i + "@example.com", "Buyer", Integer.toString(i))).id());
        }
        String[] channels = {"store", "web", "phone"};
        AtomicInteger next = new AtomicInteger();
        List<Double> millis = Collections.synchronizedList(new ArrayList<>(purchases));
        // Warm-up: the first purchases pay for class loading and the rules' first runs.
        for (int i = 0; i < 500; i++) {
            loyalty.recordPurchase(new PurchaseEvent(buyers.get(i % BUYERS), "warm-" + i, new BigDecimal("12.50"), "EUR",
                    "store", null, null), "benchmark");
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = t;
            work.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (int i = next.getAndIncrement(); i < purchases; i = next.getAndIncrement()) {
                    PurchaseEvent event = new PurchaseEvent(buyers.get(random.nextInt(BUYERS)), "order-" + i,
                            BigDecimal.valueOf(100 + random.nextInt(200_000), 2), "EUR", channels[i % 3],
                            i % 7 == 0 ? "electronics" : "books", null);
                    long begin = System.nanoTime();
                    loyalty.recordPurchase(event, "benchmark");
                    millis.add((System.nanoTime() - begin) / 1e6);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Latencies latencies = Latencies.of(millis);
        var reconciliation = loyalty.reconcile();
        System.out.printf("Purchase ingest through the service, %,d purchases by %,d members, %d threads%n"
                + "  %,10.0f purchases/s; p50 %.2f ms, p99 %.2f ms per purchase; ledger reconciles: %s%n%n",
                purchases, BUYERS, THREADS, purchases / seconds, latencies.p50(), latencies.p99(),
                reconciliation.reconciles());
        if (!reconciliation.reconciles()) {
            throw new IllegalStateException("the ledger does not reconcile: " + reconciliation.problems());
        }
    }

    // ---- re-evaluation -----------------------------------------------------------------------

    /**
     * Members whose tier mostly agrees with their points; some are owed an upgrade, some fall
     * below their tier (at risk from now), some have been at risk past the grace period.
     *
     * @return how many members each tier should hold once re-evaluated
     */
    private static Map<String, Integer> seed(EmbeddedDataSource db, long firstId, int members, Instant now,
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
    private static int baseline(EmbeddedDataSource db, Timestamp yearAgo, Timestamp now) throws SQLException {
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

    private static int tierOf(long points) {
        int tier = 0;
        while (tier + 1 < FROM.length && points >= FROM[tier + 1]) {
            tier++;
        }
        return tier;
    }

    private static Map<String, Integer> tiers(EmbeddedDataSource db, String table, long firstId) throws SQLException {
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

    private static Timestamp utc(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Map<String, String> shippedLoyaltyRules() throws IOException {
        Map<String, String> files = new HashMap<>();
        for (String name : List.of("earning.drl", "tiers.drl")) {
            try (InputStream in = LoyaltyBenchmark.class.getResourceAsStream("/loyalty/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("loyalty/" + name + " is not on the class path (rapport-rule-packs)");
                }
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static LoyaltyConfig config() {
        return new LoyaltyConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LoyaltyConfig.class;
            }

            @Override
            public String currency() {
                return "EUR";
            }

            @Override
            public int pointsExpireAfterMonths() {
                return 24;
            }

            @Override
            public String birthDateProperty() {
                return "birthDate";
            }
        };
    }
}

package org.rapport.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Map<String, Integer> expected = ReevaluationByHand.seed(db, firstId, members, now, new Random(42));
        System.out.printf("Seeded %,d members with their qualifying points and purchases in %.0f s%n%n", members,
                (System.nanoTime() - seedStart) / 1e9);

        long start = System.nanoTime();
        int baselineChanges = ReevaluationByHand.baseline(db, Timestamp.valueOf(LocalDateTime.ofInstant(now.minus(365, ChronoUnit.DAYS),
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
        Map<String, Integer> viaJob = ReevaluationByHand.tiers(db, "LOYALTY_MEMBER", firstId);
        Map<String, Integer> viaBaseline = ReevaluationByHand.tiers(db, "BENCH_MEMBER", firstId);
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

            @Override
            public String tierProfilingPurpose() {
                return "";
            }
        };
    }
}

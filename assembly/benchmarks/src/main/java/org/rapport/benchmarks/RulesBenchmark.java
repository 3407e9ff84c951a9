package org.rapport.benchmarks;

import static org.rapport.benchmarks.Medians.median;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;

/**
 * Measures the rules engine against baselines taken in the same run, and prints each figure with
 * its baseline and the ratio:
 * <ol>
 * <li>throughput of 1,000,000 facts through the engine (batches of 1,000 on every core, releases
 * compiled to Java) versus the same decisions hand-coded in Java: tier decisions by the shipped
 * tiers and by a generated 100-rule package, and the shipped retention triggers
 * ({@link RetentionByHand}). Each is warmed up for {@value #WARM_UP_SECONDS} s, then measured
 * {@value #ROUNDS} times. The hand-coded baselines run first, before the engine exists: run after
 * the engine, the JIT keeps the {@code BigDecimal} comparison it compiled for the engine's
 * constraints and the baseline slows to about half, which would flatter the engine;</li>
 * <li>compile time for packages of 10, 100 and 1,000 rules: the whole gate (compiled to Drools'
 * executable model, judged by the sandbox, scenarios run), until a release serves; and until it
 * serves with its alpha network compiled to Java too; each against a plain build of Drools'
 * executable model of the same rules (no sandbox, no scenarios, no release kept);</li>
 * <li>hot swap of a 100-rule package through the hot folder under a steady load of evaluations:
 * time from the file landing to the new release serving, against the same releases handed to the
 * engine directly, and failed or mixed evaluations.</li>
 * </ol>
 * Medians of repeated runs after a warm-up, with their range; treat the absolute numbers as this
 * machine's, the ratios as the result. {@code -Drapport.bench.gateOnly=true} measures the gate alone
 * (compile times and hot swap).
 */
public final class RulesBenchmark {

    private static final int MEMBERS = 1_000_000;
    static final int BATCH = 1_000;
    static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final int WARM_UP_SECONDS = 10;
    private static final int ROUNDS = 10;

    private RulesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("Rapport rules benchmark: %d cores, Java %s, %,d facts in batches of %,d%n%n",
                THREADS, System.getProperty("java.version"), MEMBERS, BATCH);
        List<List<MemberActivity>> batches = batches(members(MEMBERS, new Random(42)));
        if (Boolean.getBoolean("rapport.bench.gateOnly")) {
            // The gate's compile times and hot swap alone, without the throughput rounds.
            DroolsRulesEngine engine = new DroolsRulesEngine();
            engine.addFactModel(() -> Set.of(MemberActivity.class, LoyaltyDecisions.class),
                    Map.of(FactModel.RULE_PACKAGE, new String[] {"c10", "c100", "c1000", "swap"}));
            GateTimes.compileTimes(engine);
            GateTimes.hotSwap(engine, batches);
            return;
        }
        BigDecimal[] shipped = {new BigDecimal(1000), new BigDecimal(5000), new BigDecimal(20000)};
        String[] shippedNames = {"Bronze", "Silver", "Gold", "Platinum"};
        Function<Integer, String> shippedName = i -> shippedNames[i];
        Tiers hundred = new Tiers(100, "T");
        Rates shippedBaseline = rates(batches, handCoded("loyalty", shipped, shippedName));
        Rates hundredBaseline = rates(batches, handCoded("tiers100", hundred.thresholds, hundred::name));
        List<List<CustomerActivity>> customers = batches(RetentionByHand.customers(MEMBERS, new Random(7)));
        Rates retentionBaseline = rates(customers, batch -> RetentionByHand.decide(batch).size());

        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(MemberActivity.class, LoyaltyDecisions.class),
                Map.of(FactModel.RULE_PACKAGE, new String[] {"loyalty", "tiers100", "c10", "c100", "c1000", "swap"}));
        engine.deploy("loyalty", Map.of("tiers.drl", rulePack("/loyalty/tiers.drl")), "rules/loyalty", "benchmark");
        awaitCompiled(engine, "loyalty");
        throughput("shipped tiers (10 rules, members placed for the first time)", engine, "loyalty", batches, shipped,
                shippedName, shippedBaseline);

        engine.deploy("tiers100", Map.of("tiers.drl", hundred.drl("tiers100")), "generated", "benchmark");
        awaitCompiled(engine, "tiers100");
        throughput("generated tiers (100 rules)", engine, "tiers100", batches, hundred.thresholds, hundred::name,
                hundredBaseline);

        engine.addFactModel(() -> Set.of(CustomerActivity.class, RetentionDecisions.class),
                Map.of(FactModel.RULE_PACKAGE, RetentionDecisions.RULE_PACKAGE));
        engine.deploy("retention", Map.of("triggers.drl", rulePack("/retention/triggers.drl")), "rules/retention",
                "benchmark");
        awaitCompiled(engine, "retention");
        checkSameRetentionDecisions(engine, customers);
        report("shipped retention triggers (9 rules over 15 fields; 0 to 6 decisions a customer)",
                rates(customers, batch -> engine.evaluate("retention", batch).decisions().size()), retentionBaseline);

        GateTimes.compileTimes(engine);
        GateTimes.hotSwap(engine, batches);
    }

    // ---- throughput --------------------------------------------------------------------------

    /** The tier decisions of a batch, hand-coded in Java: the baseline. */
    private static Function<List<MemberActivity>, Integer> handCoded(String rulePackage, BigDecimal[] thresholds,
            Function<Integer, String> names) {
        return batch -> {
            List<Decision> decisions = new ArrayList<>(batch.size());
            for (MemberActivity m : batch) {
                int tier = tierIndex(m.getSpendLast12Months(), thresholds);
                decisions.add(new Decision(LoyaltyDecisions.SET_TIER, Long.toString(m.getContactId()),
                        Map.of(LoyaltyDecisions.TIER, names.apply(tier)), "hand-coded", rulePackage, 0));
            }
            return decisions.size();
        };
    }

    private static void throughput(String title, DroolsRulesEngine engine, String rulePackage,
            List<List<MemberActivity>> batches, BigDecimal[] thresholds, Function<Integer, String> names,
            Rates baseline) throws Exception {
        checkSameDecisions(engine, rulePackage, batches.get(0), thresholds, names);
        report(title, rates(batches, batch -> engine.evaluate(rulePackage, batch).decisions().size()), baseline);
    }

    private static void report(String title, Rates rates, Rates baseline) {
        double ratio = baseline.median / rates.median;
        System.out.printf("Throughput, %s; medians of %d runs after %d s warm-up, range in brackets%n"
                + "  engine     %,12.0f facts/s (%,.0f to %,.0f)%n"
                + "  hand-coded %,12.0f facts/s (%,.0f to %,.0f; baseline)%n"
                + "  ratio      1/%.1f of hand-coded (1/%.1f to 1/%.1f, slowest and fastest runs against each other)%n"
                + "  goals      1,000,000 facts/s: %s; 1/10 of hand-coded: %s%n%n",
                title, ROUNDS, WARM_UP_SECONDS, rates.median, rates.min, rates.max, baseline.median, baseline.min,
                baseline.max, ratio, baseline.min / rates.max, baseline.max / rates.min,
                rates.median >= 1_000_000 ? "met" : "not met", ratio <= 10 ? "met" : "not met");
    }

    /** Median, slowest and fastest of several runs, in facts per second. */
    private record Rates(double median, double min, double max) {
    }

    /**
     * Runs the work over all batches for {@link #WARM_UP_SECONDS}, then {@link #ROUNDS} times measured;
     * every run must come to as many decisions as the first.
     */
    private static <T> Rates rates(List<List<T>> batches, Function<List<T>, Integer> work) throws Exception {
        long expected = -1;
        long warmedUp = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < warmedUp) {
            expected = decisions(batches, work, expected);
        }
        double[] rates = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            decisions(batches, work, expected);
            rates[round] = MEMBERS / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return new Rates(median(rates), rates[0], rates[ROUNDS - 1]);
    }

    /** Index of the tier a spend falls in: thresholds are the lower bounds of tiers 1..n. */
    private static int tierIndex(BigDecimal spend, BigDecimal[] thresholds) {
        int tier = 0;
        while (tier < thresholds.length && spend.compareTo(thresholds[tier]) >= 0) {
            tier++;
        }
        return tier;
    }

    /** The engine decides as the hand-coded triggers, customer by customer (rule names aside). */
    private static void checkSameRetentionDecisions(DroolsRulesEngine engine, List<List<CustomerActivity>> batches) {
        for (List<CustomerActivity> batch : batches.subList(0, 20)) {
            List<String> byEngine = described(engine.evaluate("retention", batch).decisions());
            List<String> byHand = described(RetentionByHand.decide(batch));
            if (!byEngine.equals(byHand)) {
                List<String> missing = new ArrayList<>(byHand);
                missing.removeAll(byEngine);
                List<String> extra = new ArrayList<>(byEngine);
                extra.removeAll(byHand);
                throw new IllegalStateException("engine and hand-coded retention disagree: hand-coded only " + missing
                        + ", engine only " + extra);
            }
        }
    }

    private static List<String> described(List<Decision> decisions) {
        List<String> described = new ArrayList<>();
        for (Decision d : decisions) {
            described.add(d.type() + " " + d.subject() + " " + new TreeMap<>(d.attributes()));
        }
        Collections.sort(described);
        return described;
    }

    private static void checkSameDecisions(DroolsRulesEngine engine, String rulePackage, List<MemberActivity> batch,
            BigDecimal[] thresholds, Function<Integer, String> names) {
        Evaluation e = engine.evaluate(rulePackage, batch);
        for (MemberActivity m : batch) {
            List<Decision> d = e.decisions(LoyaltyDecisions.SET_TIER, m.getContactId());
            String expected = names.apply(tierIndex(m.getSpendLast12Months(), thresholds));
            if (d.size() != 1 || !expected.equals(d.get(0).attribute(LoyaltyDecisions.TIER))) {
                throw new IllegalStateException("engine and hand-coded disagree on " + m + ": " + d + " vs " + expected);
            }
        }
    }

    /**
     * Runs the work over all batches, spread over every core, and returns the number of decisions;
     * unless {@code expected} is negative, that must be it.
     */
    private static <T> long decisions(List<List<T>> batches, Function<List<T>, Integer> work, long expected)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    long decided = 0;
                    for (int b = first; b < batches.size(); b += THREADS) {
                        decided += work.apply(batches.get(b));
                    }
                    return decided;
                }));
            }
            long decided = 0;
            for (Future<Long> part : parts) {
                decided += part.get();
            }
            if (expected >= 0 && decided != expected) {
                throw new IllegalStateException(decided + " decisions where the first run made " + expected);
            }
            return decided;
        } finally {
            pool.shutdown();
        }
    }

    /** Waits until the package's active release serves compiled to Java (the engine compiles in the background). */
    static void awaitCompiled(DroolsRulesEngine engine, String rulePackage) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!engine.status(rulePackage).orElseThrow().compiled()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rule package '" + rulePackage + "' was not compiled to Java in 2 minutes");
            }
            Thread.sleep(20);
        }
    }

    // ---- data --------------------------------------------------------------------------------

    private static List<MemberActivity> members(int count, Random random) {
        List<MemberActivity> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BigDecimal spend = BigDecimal.valueOf(random.nextInt(3_000_000), 2);
            // New members earning a qualifying point per whole unit: the shipped tiers place them by points,
            // the generated ones by spend, at the same thresholds.
            long points = spend.longValue();
            members.add(new MemberActivity(i, points, points, spend, 1 + random.nextInt(40), null, 0, 0));
        }
        return members;
    }

    private static <T> List<List<T>> batches(List<T> members) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < members.size(); i += BATCH) {
            batches.add(members.subList(i, Math.min(members.size(), i + BATCH)));
        }
        return batches;
    }

    /** A shipped rule file, from rapport-rule-packs. */
    private static String rulePack(String path) throws IOException {
        try (InputStream in = RulesBenchmark.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path (rapport-rule-packs)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}

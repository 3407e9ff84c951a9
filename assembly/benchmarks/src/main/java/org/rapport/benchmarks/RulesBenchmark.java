package org.rapport.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.RuleHotFolder;

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
 * machine's, the ratios as the result.
 */
public final class RulesBenchmark {

    private static final int MEMBERS = 1_000_000;
    private static final int BATCH = 1_000;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final int RUNS = 5;
    private static final int WARM_UP_SECONDS = 10;
    private static final int ROUNDS = 10;
    private static final int SWAPS = 10;
    private static final AtomicLong PLAIN_BUILDS = new AtomicLong();

    private RulesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("Rapport rules benchmark: %d cores, Java %s, %,d facts in batches of %,d%n%n",
                THREADS, System.getProperty("java.version"), MEMBERS, BATCH);
        List<List<MemberActivity>> batches = batches(members(MEMBERS, new Random(42)));
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

        compileTimes(engine);
        hotSwap(engine, batches);
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

    // ---- compile time ------------------------------------------------------------------------

    private static void compileTimes(DroolsRulesEngine engine) throws Exception {
        System.out.println("Compile time, warm, median of " + RUNS + ": the whole gate (compile, sandbox, scenarios) until the"
                + " release serves, then until its alpha network is compiled too; each against a plain build of Drools'"
                + " executable model of the same rules");
        for (int rules : new int[] {10, 100, 1000}) {
            String rulePackage = "c" + rules;
            Tiers tiers = new Tiers(rules, "C");
            int[] variant = {0};
            double[] toJava = new double[RUNS + 1];
            double millis = median(() -> {
                String drl = tiers.drl(rulePackage) + "// variant " + variant[0] + "\n";
                long start = System.nanoTime();
                engine.deploy(rulePackage, Map.of("tiers.drl", drl), "generated", "benchmark");
                double gate = (System.nanoTime() - start) / 1e6;
                awaitCompiled(engine, rulePackage);
                toJava[variant[0]++] = (System.nanoTime() - start) / 1e6;
                return gate;
            });
            double[] compiled = Arrays.copyOfRange(toJava, 1, RUNS + 1);
            Arrays.sort(compiled);
            double compiledMillis = median(compiled);
            String drl = tiers.drl(rulePackage);
            double plainJava = median(() -> timed(() -> plainExecutableModel(rulePackage, drl)));
            System.out.printf("  %,5d rules  serving %,7.0f ms (%.1fx); alpha network compiled %,7.0f ms (%.1fx);"
                    + " plain executable model %,7.0f ms%n", rules, millis, millis / plainJava, compiledMillis,
                    compiledMillis / plainJava, plainJava);
        }
        System.out.println();
    }

    /** Milliseconds the work takes. */
    private static double timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Drools' executable model of the DRL, built the way Drools documents it, then its knowledge base. */
    private static void plainExecutableModel(String rulePackage, String drl) {
        KieServices services = KieServices.Factory.get();
        ReleaseId id = services.newReleaseId("org.rapport.benchmarks", "plain", "1." + PLAIN_BUILDS.incrementAndGet());
        KieFileSystem files = services.newKieFileSystem();
        files.generateAndWritePomXML(id);
        files.write("src/main/resources/bench/" + rulePackage + "/tiers.drl", drl);
        KieBuilder builder = services.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException(builder.getResults().getMessages().toString());
        }
        services.newKieContainer(id).getKieBase();
        services.getRepository().removeKieModule(id);
    }

    /** Waits until the package's active release serves compiled to Java (the engine compiles in the background). */
    private static void awaitCompiled(DroolsRulesEngine engine, String rulePackage) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!engine.status(rulePackage).orElseThrow().compiled()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rule package '" + rulePackage + "' was not compiled to Java in 2 minutes");
            }
            Thread.sleep(20);
        }
    }

    // ---- hot swap ----------------------------------------------------------------------------

    private static void hotSwap(DroolsRulesEngine engine, List<List<MemberActivity>> batches) throws Exception {
        Path root = Files.createTempDirectory("rapport-bench-rules");
        Path folder = Files.createDirectories(root.resolve("swap"));
        Tiers tiers = new Tiers(100, "A");
        Files.writeString(folder.resolve("tiers.drl"), tiers.drl("swap"), StandardCharsets.UTF_8);
        RuleHotFolder hotFolder = new RuleHotFolder(engine, hotFolderConfig(root));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong evaluations = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong mixed = new AtomicLong();
        ExecutorService load = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            load.submit(() -> {
                int b = first;
                while (running.get()) {
                    try {
                        Evaluation e = engine.evaluate("swap", batches.get(b));
                        // Odd releases label tiers "A-", even ones "B-": one evaluation must see one release.
                        String prefix = e.release().version() % 2 == 1 ? "A-" : "B-";
                        for (Decision d : e.decisions()) {
                            if (d.release() != e.release().version()
                                    || !d.attribute(LoyaltyDecisions.TIER).startsWith(prefix)) {
                                mixed.incrementAndGet();
                                break;
                            }
                        }
                        evaluations.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                    b = (b + THREADS) % batches.size();
                }
            });
        }
        double[] viaFolder = new double[SWAPS];
        for (int swap = 0; swap < SWAPS; swap++) {
            long before = engine.status("swap").flatMap(RulePackageStatus::active).orElseThrow().version();
            long landed = System.nanoTime();
            Files.writeString(folder.resolve("tiers.drl"), nextSwap(before), StandardCharsets.UTF_8);
            while (engine.status("swap").flatMap(RulePackageStatus::active).orElseThrow().version() == before) {
                Thread.sleep(5);
            }
            viaFolder[swap] = (System.nanoTime() - landed) / 1e6;
            Thread.sleep(300);
        }
        hotFolder.deactivate();
        // Baseline: the same releases handed to the engine directly, under the same load.
        double[] direct = new double[SWAPS];
        for (int swap = 0; swap < SWAPS; swap++) {
            long before = engine.status("swap").flatMap(RulePackageStatus::active).orElseThrow().version();
            String drl = nextSwap(before);
            direct[swap] = timed(() -> engine.deploy("swap", Map.of("tiers.drl", drl), "benchmark", "benchmark"));
            Thread.sleep(300);
        }
        running.set(false);
        load.shutdown();
        Arrays.sort(viaFolder);
        Arrays.sort(direct);
        System.out.printf("Hot swap of a 100-rule package through the hot folder (polled every 200 ms), under load on %d threads%n"
                + "  file landed -> new release serving: median %,.0f ms, max %,.0f ms (goal < 1,000 ms: %s)%n"
                + "  the same releases handed to the engine directly: median %,.0f ms, max %,.0f ms (baseline; %.1fx)%n"
                + "  %,d evaluations of %,d facts during %d swaps: %d failed, %d saw two releases%n",
                THREADS, viaFolder[SWAPS / 2], viaFolder[SWAPS - 1], viaFolder[SWAPS - 1] < 1000 ? "met" : "not met",
                direct[SWAPS / 2], direct[SWAPS - 1], viaFolder[SWAPS / 2] / direct[SWAPS / 2], evaluations.get(),
                BATCH, 2 * SWAPS, failures.get(), mixed.get());
    }

    /** The release after this one: odd releases label tiers "A-", even ones "B-". */
    private static String nextSwap(long version) {
        return new Tiers(100, version % 2 == 1 ? "B" : "A").drl("swap");
    }

    private static RuleHotFolder.Config hotFolderConfig(Path root) {
        return new RuleHotFolder.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RuleHotFolder.Config.class;
            }

            @Override
            public String path() {
                return root.toString();
            }

            @Override
            public long pollIntervalMillis() {
                return 200;
            }
        };
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

    /** A tier package of n rules over evenly spaced spend thresholds from 0 to 30,000. */
    private static final class Tiers {
        final BigDecimal[] thresholds;
        final String label;

        Tiers(int rules, String label) {
            this.label = label;
            thresholds = new BigDecimal[rules - 1];
            for (int i = 1; i < rules; i++) {
                thresholds[i - 1] = BigDecimal.valueOf(30_000L * i / rules);
            }
        }

        String name(int tier) {
            return label + "-" + tier;
        }

        String drl(String rulePackage) {
            StringBuilder drl = new StringBuilder("package bench." + rulePackage + ";\n"
                    + "import org.rapport.loyalty.facts.MemberActivity;\n"
                    + "global org.rapport.rules.api.Decisions decisions;\n");
            for (int tier = 0; tier <= thresholds.length; tier++) {
                String lower = tier == 0 ? "" : "spendLast12Months >= " + thresholds[tier - 1];
                String upper = tier == thresholds.length ? "" : "spendLast12Months < " + thresholds[tier];
                String condition = lower.isEmpty() ? upper : upper.isEmpty() ? lower : lower + ", " + upper;
                drl.append("rule \"BEN-").append(tier).append(' ').append(name(tier)).append("\"\nwhen\n")
                        .append("    $m : MemberActivity( ").append(condition).append(" )\nthen\n")
                        .append("    decisions.decide(\"loyalty.set-tier\", $m.getContactId()).with(\"tier\", \"")
                        .append(name(tier)).append("\");\nend\n");
            }
            return drl.toString();
        }
    }

    // ---- measuring ---------------------------------------------------------------------------

    /** Something measured once per call. */
    private interface Measurement {
        double run() throws Exception;
    }

    /** One warm-up, then the median of {@link #RUNS} runs. */
    private static double median(Measurement measurement) throws Exception {
        measurement.run();
        double[] values = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            values[i] = measurement.run();
        }
        Arrays.sort(values);
        return median(values);
    }

    /** The median of sorted values. */
    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

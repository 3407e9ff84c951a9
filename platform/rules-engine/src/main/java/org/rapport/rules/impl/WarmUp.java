package org.rapport.rules.impl;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles, judges, loads and evaluates a small package of the shapes the shipped packages have, a
 * few times, when the engine starts: the first real change of a package then takes the time the
 * later ones take. Nothing of it is kept. Once per JVM: what it warms is the JVM's. The system
 * property {@code rapport.rules.warmUp=false} leaves it out where no analyst waits for a first
 * change and its compiles would only compete for the cores (the unit tests). (Public only so that
 * the compiled rules can see its fact type.)
 */
public final class WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final int ROUNDS = 8;
    private static final AtomicBoolean DONE = new AtomicBoolean();

    /** The fact the warm-up package decides about. */
    public static final class Fact {
        private final String id;
        private final int points;
        private final BigDecimal amount;
        private final String tier;
        private final LocalDate day;

        public Fact(String id, int points, BigDecimal amount, String tier, LocalDate day) {
            this.id = id;
            this.points = points;
            this.amount = amount;
            this.tier = tier;
            this.day = day;
        }

        public String getId() {
            return id;
        }

        public int getPoints() {
            return points;
        }

        public BigDecimal getAmount() {
            return amount;
        }

        public String getTier() {
            return tier;
        }

        public LocalDate getDay() {
            return day;
        }
    }

    private WarmUp() {
    }

    static void run() {
        if (!Boolean.parseBoolean(System.getProperty("rapport.rules.warmUp", "true")) || !DONE.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        FactClassLoader loader = new FactClassLoader(WarmUp.class.getClassLoader(), List.of(Fact.class),
                AllowList.shipped());
        PackageCompiler compiler = new PackageCompiler();
        for (int round = 0; round < ROUNDS; round++) {
            PackageCompiler.Result result = compiler.compile("warm-up", Map.of("warm-up.drl", drl(round)), loader);
            if (!result.succeeded()) {
                LOG.warn("Rules engine warm-up did not compile: {}", result.problems);
                return;
            }
            Evaluator.evaluate("warm-up", round, result.kieBase, true, loader,
                    List.of(new Fact("a", 1_000 + round, BigDecimal.valueOf(120), "Gold", LocalDate.of(2026, 12, 1))),
                    10, 5_000);
        }
        LOG.info("Rules engine warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** A package with thresholds, a list, a date, a number and several decisions; each round differs a little. */
    private static String drl(int round) {
        return "package warmup;\n"
                + "import " + Fact.class.getName().replace('$', '.') + ";\n"
                + "import java.time.LocalDate;\n"
                + "global org.rapport.rules.api.Decisions decisions;\n"
                + "rule \"W-1 points from " + round + "\"\nwhen\n"
                + "    $f : Fact( points >= " + round + ", tier in (\"Gold\", \"Platinum\"), amount >= 100 )\n"
                + "then\n"
                + "    decisions.decide(\"warm.tier\", $f.getId()).with(\"tier\", \"Gold\").with(\"n\", $f.getPoints() / 4);\n"
                + "end\n"
                + "rule \"W-2 a day in December\"\nwhen\n"
                + "    $f : Fact( day >= LocalDate.of(2026, 12, 1), tier != \"Bronze\" || points < " + (round + 10) + " )\n"
                + "then\n"
                + "    decisions.decide(\"warm.day\", $f.getId()).with(\"why\", \"in \" + $f.getDay());\n"
                + "end\n";
    }
}

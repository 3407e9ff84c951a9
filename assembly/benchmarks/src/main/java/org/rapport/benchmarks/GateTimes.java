package org.rapport.benchmarks;

import static org.rapport.benchmarks.Medians.RUNS;
import static org.rapport.benchmarks.Medians.median;
import static org.rapport.benchmarks.Medians.timed;
import static org.rapport.benchmarks.RulesBenchmark.BATCH;
import static org.rapport.benchmarks.RulesBenchmark.THREADS;
import static org.rapport.benchmarks.RulesBenchmark.awaitCompiled;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.RuleHotFolder;

/**
 * The gate's part of {@link RulesBenchmark}: compile time of generated packages through the whole
 * gate against plain builds of Drools' executable model, and hot swap through the hot folder
 * under load against the same releases handed to the engine directly.
 */
final class GateTimes {

    private static final int SWAPS = 10;
    private static final AtomicLong PLAIN_BUILDS = new AtomicLong();

    private GateTimes() {
    }

    static void compileTimes(DroolsRulesEngine engine) throws Exception {
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

    // ---- hot swap ----------------------------------------------------------------------------

    static void hotSwap(DroolsRulesEngine engine, List<List<MemberActivity>> batches) throws Exception {
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
        System.out.printf("Hot swap of a 100-rule package through the hot folder (polled every 100 ms), under load on %d threads%n"
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
                return 100;
            }
        };
    }
}

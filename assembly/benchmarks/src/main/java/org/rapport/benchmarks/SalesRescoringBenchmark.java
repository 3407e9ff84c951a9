package org.rapport.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.jobs.Job;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.sales.facts.SalesDecisions;
import org.rapport.sales.impl.LeadRescoring;
import org.rapport.sales.impl.SalesConfig;
import org.rapport.sales.impl.SalesFactModel;

/**
 * Re-scoring every open lead on an embedded Derby database on disk, as the product keeps them,
 * with the shipped {@code rules/sales}: the {@code sales.rescoring} job of the platform's runner,
 * end to end (pages of 1,000 leads read and locked, their contacts' activity counted, two rules
 * calls, each lead's scoring time written and score, grade and queue where they change, the
 * changed leads' decisions in the decision ledger, the job's progress with each page), asking
 * privacy's consent gate ({@code ConsentServiceImpl}, profiling on legitimate interests as shipped)
 * for {@code scoringProfilingPurpose} {@code profiling} before each page is scored, against a
 * baseline in the same run and database ({@link LeadsByHand}): the activity and the objections to
 * profiling read once in SQL, one JDBC scan of a copy of the leads, the rules hand-coded, the same
 * rows written in JDBC batches (the blocks too). Both start from the same seeded leads (some of whose
 * contacts objected to profiling, {@link SeededLeads}) and must reach the same scores, grades,
 * queues and decision rows, leave every objector's lead unscored and record its block. Goal: within
 * 2x of the baseline. {@code -Drapport.bench.leads=N} changes the size
 * (default 1,000,000).
 */
public final class SalesRescoringBenchmark {

    private static final int LEADS_DEFAULT = 1_000_000;

    private SalesRescoringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int leads = Integer.getInteger("rapport.bench.leads", LEADS_DEFAULT);
        Path dir = Files.createTempDirectory("rapport-bench-sales");
        System.out.printf("Rapport lead re-scoring benchmark: %,d open leads, Derby on disk at %s, %d cores, Java %s%n%n",
                leads, dir, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        DerbyOnDisk derby = new DerbyOnDisk(dir, "rapport-contacts", "rapport-rules", "rapport-sales", "rapport-privacy");
        EmbeddedDataSource db = derby.dataSource;
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new SalesFactModel(), Map.of(FactModel.RULE_PACKAGE, SalesDecisions.RULE_PACKAGE));
        engine.deploy(SalesDecisions.RULE_PACKAGE, shippedSalesRules(), "rules/sales", "benchmark");
        RulesBenchmark.awaitCompiled(engine, SalesDecisions.RULE_PACKAGE);
        long release = engine.status(SalesDecisions.RULE_PACKAGE).flatMap(RulePackageStatus::active).orElseThrow()
                .version();

        long seedStart = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SeededLeads.Seeded seeded = SeededLeads.seed(db, leads, now, new Random(42));
        System.out.printf("Seeded %,d leads (%,d of them for a re-scoring to change: unscored, scored 10 points too high "
                + "or, %,d, of a contact who objected to profiling) and their contacts' activity in %.0f s%n%n", leads,
                seeded.changes(), seeded.objectors(), (System.nanoTime() - seedStart) / 1e9);

        long start = System.nanoTime();
        int baselineChanges = LeadsByHand.baseline(db, now, release);
        double baselineSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Raw JDBC baseline: %.1f s (load average %.1f)%n", baselineSeconds, load());

        Clock clock = Clock.systemUTC();
        JobRunnerImpl runner = new JobRunnerImpl(db, new DatabaseCluster(db, "benchmark", Duration.ofMinutes(1), null,
                clock), clock, null);
        // Privacy's gate with its shipped purposes and bases (profiling on legitimate interests).
        TimedGate gate = new TimedGate(new ConsentServiceImpl(derby.unit("rapport-privacy"),
                new ContactServiceImpl(derby.unit("rapport-contacts")), clock, List.of("marketing", "profiling", "service",
                        "analytics"), Map.of(LeadsByHand.PROFILING, LawfulBasis.LEGITIMATE_INTERESTS)));
        LeadRescoring rescoring = new LeadRescoring(runner, derby.unit("rapport-sales"), engine,
                new JpaDecisionLedger(derby.unit("rapport-rules")), new InteractionServiceImpl(derby.unit("rapport-contacts")),
                gate, defaults(), clock, 1000);
        runner.addKind(rescoring);
        start = System.nanoTime();
        Job job = runner.start(rescoring.kind(), "benchmark");
        while (job.state() == Job.State.RUNNING) {
            Thread.sleep(200);
            job = runner.job(job.id()).orElseThrow();
        }
        double jobSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Re-scoring job: %.1f s, of which the consent gate answering %.1f s (load average %.1f)%n%n",
                jobSeconds, gate.seconds(), load());
        if (job.state() != Job.State.DONE) {
            throw new IllegalStateException("the re-scoring job ended " + job.state() + ": " + job.error());
        }
        check(db, job, leads, seeded, baselineChanges);
        System.out.printf("Lead re-scoring, %,d open leads (%,d change, %,d of them left unscored: their contact objected "
                + "to profiling)%n  job        %8.1f s, %,10.0f leads/s (consent gate asked for 'profiling')%n"
                + "  raw JDBC   %8.1f s, %,10.0f leads/s (baseline: activity and objections read once, one scan, "
                + "hand-coded rules, batch updates, decision rows and blocks)%n  ratio      %.2fx the baseline's time; "
                + "goal within 2x: %s%n%n",
                leads, job.changed(), seeded.objectors(), jobSeconds, leads / jobSeconds, baselineSeconds, leads / baselineSeconds,
                jobSeconds / baselineSeconds, jobSeconds <= 2 * baselineSeconds ? "met" : "not met");
        derby.close();
    }

    /** The machine's load average over the last minute: the benchmarks share it with whatever else runs. */
    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * Both sides scored every lead alike, changed the same leads, wrote the same decisions, left every
     * objector's lead unscored with no decision about it, and recorded one block for each objector.
     */
    private static void check(EmbeddedDataSource db, Job job, int leads, SeededLeads.Seeded seeded, int baselineChanges)
            throws Exception {
        int stale = seeded.changes();
        if (job.done() != leads || job.changed() != stale || baselineChanges != stale) {
            throw new IllegalStateException("the job scored " + job.done() + " leads and changed " + job.changed()
                    + ", the baseline changed " + baselineChanges + "; expected " + leads + " and " + stale);
        }
        long objectors = seeded.objectors();
        long[] viaJobLeftOut = SeededLeads.objectorsLeftOut(db, "SALES_LEAD", "RULE_DECISION", "PRIVACY_CONSENT_BLOCK");
        long[] viaBaselineLeftOut = SeededLeads.objectorsLeftOut(db, "BENCH_LEAD", "BENCH_DECISION", "BENCH_CONSENT_BLOCK");
        long[] expected = {objectors, 0, objectors, objectors};
        if (objectors == 0 || !Arrays.equals(viaJobLeftOut, expected) || !Arrays.equals(viaBaselineLeftOut, expected)) {
            throw new IllegalStateException("objectors' leads (unscored, decisions about them, objectors blocked, blocks): "
                    + "job " + Arrays.toString(viaJobLeftOut) + ", baseline " + Arrays.toString(viaBaselineLeftOut)
                    + "; expected " + Arrays.toString(expected));
        }
        long disagreements = SeededLeads.disagreements(db);
        if (disagreements != 0) {
            throw new IllegalStateException(disagreements + " leads were scored differently by the job and the baseline");
        }
        Map<String, Long> viaJob = SeededLeads.ledger(db, "RULE_DECISION");
        Map<String, Long> viaBaseline = SeededLeads.ledger(db, "BENCH_DECISION");
        if (!viaJob.equals(viaBaseline)) {
            throw new IllegalStateException("the decision rows differ: job " + viaJob + ", baseline " + viaBaseline);
        }
    }

    private static Map<String, String> shippedSalesRules() throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String name : List.of("scoring.drl", "routing.drl", "scoring.scenarios.yaml", "routing.scenarios.yaml")) {
            try (InputStream in = SalesRescoringBenchmark.class.getResourceAsStream("/sales/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("sales/" + name + " is not on the class path (rapport-rule-packs)");
                }
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /**
     * The sales settings as shipped: every attribute its default, as the container hands them over
     * ({@code scoringProfilingPurpose} {@code profiling}, {@code unprofiledQueue} {@code inside-sales}).
     */
    private static SalesConfig defaults() {
        return (SalesConfig) Proxy.newProxyInstance(SalesConfig.class.getClassLoader(), new Class<?>[] {SalesConfig.class},
                (proxy, method, arguments) -> method.getName().equals("annotationType") ? SalesConfig.class
                        : method.getDefaultValue());
    }
}

package org.rapport.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Re-scoring every open lead in the started distribution (embedded Derby on disk, the shipped
 * {@code rules/sales} and privacy's consent gate with its shipped purposes: profiling on legitimate
 * interests): {@value #LEADS_DEFAULT} open leads, their contacts' activity and some contacts'
 * objections to profiling are seeded offline into the distribution's database ({@link SeededLeads}),
 * the {@code sales.rescoring} job is started over REST ({@code POST /api/v1/jobs/sales.rescoring})
 * and waited for at {@code GET /api/v1/jobs/{id}} (pages of 1,000 leads read and locked, the consent
 * gate asked for {@code scoringProfilingPurpose} {@code profiling}, their contacts' activity
 * counted, two rules calls, each lead's scoring time written and score, grade and queue where they
 * change, the changed leads' decisions in the decision ledger, the job's progress with each page).
 * Once the server has stopped, the baseline runs on the same database files ({@link LeadsByHand}):
 * the activity and the objections to profiling read once in SQL, one JDBC scan of a copy of the
 * leads taken when they were seeded, the rules hand-coded, the same rows written in JDBC batches
 * (the blocks too). Both must reach the same scores, grades, queues and decision rows, leave every
 * objector's lead unscored and record its block (read from the database after the server stopped).
 * Goal: within 2x of the baseline. {@code -Drapport.bench.leads=N} changes the size (default
 * 1,000,000), {@code -Drapport.bench.heap} the server's heap (default 2g).
 */
public final class SalesRescoringBenchmark {

    private static final int LEADS_DEFAULT = 1_000_000;

    private SalesRescoringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int leads = Integer.getInteger("rapport.bench.leads", LEADS_DEFAULT);
        try (SeededServer server = SeededServer.prepare("sales", "2g", Map.of(), "/leads")) {
            System.out.printf("Rapport lead re-scoring benchmark: %,d open leads, the distribution in %s, %d cores, "
                    + "Java %s%n%n", leads, server.home(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            long seedStart = System.nanoTime();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            SeededLeads.Seeded seeded = SeededLeads.seed(server.database(), leads, now, new Random(42));
            System.out.printf("Seeded %,d leads (%,d of them for a re-scoring to change: unscored, scored 10 points too "
                    + "high or, %,d, of a contact who objected to profiling) and their contacts' activity in %.0f s%n%n",
                    leads, seeded.changes(), seeded.objectors(), (System.nanoTime() - seedStart) / 1e9);

            server.start();
            long release = Distribution.activeRelease(server.node, "sales");
            SeededServer.Timed<JsonNode> job = server.runJob("Re-scoring job", "/jobs/sales.rescoring");
            EmbeddedDataSource db = server.database();
            // The baseline decides at the moment the leads were seeded, as the job did moments later.
            SeededServer.Timed<Integer> baseline = SeededServer.timed("Raw JDBC baseline",
                    () -> LeadsByHand.baseline(db, now, release));
            System.out.println();
            double jobSeconds = job.seconds();
            double baselineSeconds = baseline.seconds();
            check(db, job.value(), leads, seeded, baseline.value());
            long changed = job.value().get("changed").asLong();
            System.out.printf(Locale.ROOT, "Lead re-scoring, %,d open leads (%,d change, %,d of them left unscored: their "
                    + "contact objected to profiling)%n  job        %8.1f s, %,10.0f leads/s (POST /jobs/sales.rescoring, "
                    + "to the job's end; consent gate asked for 'profiling')%n"
                    + "  raw JDBC   %8.1f s, %,10.0f leads/s (baseline: activity and objections read once, one scan, "
                    + "hand-coded rules, batch updates, decision rows and blocks)%n  ratio      %.2fx the baseline's time; "
                    + "goal within 2x: %s%n%n",
                    leads, changed, seeded.objectors(), jobSeconds, leads / jobSeconds, baselineSeconds,
                    leads / baselineSeconds, jobSeconds / baselineSeconds, jobSeconds <= 2 * baselineSeconds ? "met"
                    : "not met");
        }
    }

    /**
     * Both sides scored every lead alike, changed the same leads, wrote the same decisions, left every
     * objector's lead unscored with no decision about it, and recorded one block for each objector.
     */
    private static void check(EmbeddedDataSource db, JsonNode job, int leads, SeededLeads.Seeded seeded, int baselineChanges)
            throws Exception {
        int stale = seeded.changes();
        long done = job.get("done").asLong();
        long changed = job.get("changed").asLong();
        if (done != leads || changed != stale || baselineChanges != stale) {
            throw new IllegalStateException("the job scored " + done + " leads and changed " + changed
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
}

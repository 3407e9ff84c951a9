package org.rapport.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Tier re-evaluation in the started distribution (embedded Derby on disk, the shipped
 * {@code rules/loyalty}): {@value #MEMBERS_DEFAULT} members with their qualifying points are
 * seeded offline into the distribution's database ({@link ReevaluationByHand}), the job is started
 * over REST ({@code POST /api/v1/loyalty/reevaluations}) and waited for at
 * {@code GET /api/v1/jobs/{id}}; once the server has stopped, the baseline runs on the same database
 * files: one JDBC scan joining each member to their qualifying points, the shipped tier rules
 * hand-coded, and batch updates of the members that change (with a row per change, as the job
 * writes its tier history), on a copy of the members taken when they were seeded. Both must reach
 * the same tiers. Goal: within 2x of the baseline. Purchase ingest is {@link RestIngestBenchmark}'s.
 * {@code -Drapport.bench.members=N} changes the size, {@code -Drapport.bench.heap} the server's heap
 * (default 2g).
 */
public final class LoyaltyBenchmark {

    private static final int MEMBERS_DEFAULT = 1_000_000;
    /** The seeded members' ids: far above any contact the server creates itself. */
    private static final long FIRST_ID = 10_000_000L;

    private LoyaltyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int members = Integer.getInteger("rapport.bench.members", MEMBERS_DEFAULT);
        try (SeededServer server = SeededServer.prepare("loyalty", "2g", Map.of(), "/loyalty/tier-statistics")) {
            System.out.printf("Rapport loyalty benchmark: %,d members to re-evaluate, the distribution in %s, %d cores, "
                    + "Java %s%n%n", members, server.home(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long seedStart = System.nanoTime();
            Map<String, Integer> expected = ReevaluationByHand.seed(server.database(), FIRST_ID, members, now,
                    new Random(42));
            System.out.printf("Seeded %,d members with their qualifying points and purchases in %.0f s%n%n", members,
                    (System.nanoTime() - seedStart) / 1e9);

            server.start();
            SeededServer.Timed<JsonNode> job = server.runJob("Re-evaluation job", "/loyalty/reevaluations");
            EmbeddedDataSource db = server.database();
            SeededServer.Timed<Integer> baseline = SeededServer.timed("Raw JDBC baseline", () -> ReevaluationByHand.baseline(
                    db, ReevaluationByHand.utc(now.minus(365, ChronoUnit.DAYS)), ReevaluationByHand.utc(now)));
            System.out.println();
            double jobSeconds = job.seconds();
            double baselineSeconds = baseline.seconds();
            int baselineChanges = baseline.value();

            Map<String, Integer> viaJob = ReevaluationByHand.tiers(db, "LOYALTY_MEMBER", FIRST_ID);
            Map<String, Integer> viaBaseline = ReevaluationByHand.tiers(db, "BENCH_MEMBER", FIRST_ID);
            if (!viaJob.equals(viaBaseline) || !viaJob.equals(expected)) {
                throw new IllegalStateException("tiers differ: job " + viaJob + ", baseline " + viaBaseline + ", expected "
                        + expected);
            }
            long changed = job.value().get("changed").asLong();
            if (job.value().get("done").asLong() != members || changed != baselineChanges) {
                throw new IllegalStateException("the job evaluated " + job.value().get("done") + " of " + members
                        + " members and changed " + changed + ", the baseline changed " + baselineChanges);
            }
            System.out.printf(Locale.ROOT, "Tier re-evaluation, %,d members (%,d change)%n"
                    + "  job        %8.1f s, %,10.0f members/s (POST /loyalty/reevaluations, to the job's end)%n"
                    + "  raw JDBC   %8.1f s, %,10.0f members/s (baseline: scan, hand-coded tiers, batch update)%n"
                    + "  ratio      %.2fx the baseline's time; goal within 2x: %s%n  tiers after: %s%n%n", members,
                    changed, jobSeconds, members / jobSeconds, baselineSeconds, members / baselineSeconds,
                    jobSeconds / baselineSeconds, jobSeconds <= 2 * baselineSeconds ? "met" : "not met", viaJob);
        }
    }
}

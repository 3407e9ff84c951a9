package org.rapport.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.rapport.testing.ServerNode;

/**
 * Purchase ingest over REST on loopback: the assembled distribution (Derby embedded, shipped
 * rules) is unpacked and started as a server, and {@code wrk} sends purchases
 * ({@code POST /api/v1/loyalty/purchases}, an API key) from several connections at once,
 * measuring throughput and latency. The baseline, in the same run and the same way, is an
 * authenticated read that does little work ({@code GET /api/v1/loyalty/rewards}): what the HTTP
 * stack, authentication and JSON cost by themselves. {@code -Drapport.distribution=<tar.gz>}
 * names the archive; {@code -Drapport.bench.seconds=N} how long each measured load runs.
 */
public final class RestIngestBenchmark {

    private static final int CONNECTIONS = 8;
    private static final int BUYERS = 1_000;

    private RestIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path archive = Distribution.archive();
        Duration measured = Duration.ofSeconds(Integer.getInteger("rapport.bench.seconds", 30));
        Duration warmUp = Duration.ofSeconds(10);
        Path dir = Files.createTempDirectory("rapport-bench-rest");
        try (ServerNode server = ServerNode.unpack(archive, dir, "bench", null, Map.of())) {
            System.out.printf("Rapport REST ingest benchmark: distribution in %s on port %d, %d s of each load over %d "
                    + "connections from wrk, %d cores, Java %s%n%n", dir, server.httpPort, measured.toSeconds(),
                    CONNECTIONS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            server.start();
            server.awaitUp(Duration.ofMinutes(4));
            String key = Distribution.apiKey(server, "contacts:write", "loyalty:write", "loyalty:read");
            long[] buyers = Distribution.contacts(server, key, BUYERS, "buyer");
            String read = WrkScripts.get("/api/v1/loyalty/rewards", key);
            Wrk.run(server.api("/loyalty/rewards"), CONNECTIONS, warmUp, read);
            Wrk.run(server.api("/loyalty/purchases"), CONNECTIONS, warmUp, WrkScripts.purchases(key, buyers, "warm"));
            Wrk.Result baseline = print("Authenticated read, GET /loyalty/rewards (baseline)",
                    Wrk.run(server.api("/loyalty/rewards"), CONNECTIONS, measured, read));
            Wrk.Result ingest = print("Purchase ingest, POST /loyalty/purchases (ledger entry, earning and tier rules, "
                    + "decision ledger)", Wrk.run(server.api("/loyalty/purchases"), CONNECTIONS, measured,
                    WrkScripts.purchases(key, buyers, "measured")));
            System.out.printf(Locale.ROOT, "Ingest over REST: %,.0f purchases/s, %.2f of the baseline's requests/s; "
                    + "p50 %.2f ms (baseline %.2f), p99 %.2f ms (baseline %.2f)%n", ingest.perSecond(),
                    ingest.perSecond() / baseline.perSecond(), ingest.p50(), baseline.p50(), ingest.p99(), baseline.p99());
        }
    }

    private static Wrk.Result print(String title, Wrk.Result result) {
        System.out.printf(Locale.ROOT, "%s, %,d requests%n  %,.0f requests/s, p50 %.2f ms, p99 %.2f ms%n%n", title,
                result.requests(), result.perSecond(), result.p50(), result.p99());
        return result;
    }
}

package org.rapport.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rapport.testing.ServerNode;

/**
 * Purchase ingest over REST on loopback: the assembled distribution (Derby embedded on disk,
 * shipped rules) is unpacked and started as a server ({@link SeededServer}, nothing seeded), and
 * {@code wrk} sends purchases ({@code POST /api/v1/loyalty/purchases}, an API key) from
 * {@value #CONNECTIONS} connections at once, measuring throughput and latency. Two baselines in the
 * same run: an authenticated read that does little work ({@code GET /api/v1/loyalty/rewards}, the
 * same way): what the HTTP stack, authentication and JSON cost by themselves; and, once the server
 * has stopped, the rows the measured purchases wrote, written again with plain JDBC in the same
 * database files, one transaction per purchase from as many threads as connections
 * ({@link PurchasesByHand}). Goals (issue 32): at least 2,500 purchases/s with p99 under 30 ms, and at
 * least half the raw JDBC transactions' rate. {@code -Drapport.distribution=<tar.gz>} names the
 * archive; {@code -Drapport.bench.seconds=N} how long each measured load runs (default 30);
 * {@code -Drapport.bench.heap} the server's heap (default 2g).
 */
public final class RestIngestBenchmark {

    private static final int CONNECTIONS = 8;
    private static final int BUYERS = 1_000;
    private static final String MEASURED = "measured";

    private RestIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration measured = Duration.ofSeconds(Integer.getInteger("rapport.bench.seconds", 30));
        Duration warmUp = Duration.ofSeconds(10);
        try (SeededServer server = SeededServer.unpack("rest", "2g", Map.of())) {
            ServerNode node = server.node;
            System.out.printf("Rapport REST ingest benchmark: distribution in %s on port %d, %d s of each load over %d "
                    + "connections from wrk, %d cores, Java %s%n%n", server.home(), node.httpPort, measured.toSeconds(),
                    CONNECTIONS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            server.start();
            String key = Distribution.apiKey(node, "contacts:write", "loyalty:write", "loyalty:read");
            long[] buyers = Distribution.contacts(node, key, BUYERS, "buyer");
            String read = WrkScripts.get("/api/v1/loyalty/rewards", key);
            Wrk.run(node.api("/loyalty/rewards"), CONNECTIONS, warmUp, read);
            Wrk.run(node.api("/loyalty/purchases"), CONNECTIONS, warmUp, WrkScripts.purchases(key, buyers, "warm"));
            Wrk.Result baseline = print("Authenticated read, GET /loyalty/rewards (baseline)",
                    Wrk.run(node.api("/loyalty/rewards"), CONNECTIONS, measured, read));
            Wrk.Result ingest = print("Purchase ingest, POST /loyalty/purchases (ledger entry, earning and tier rules, "
                    + "decision ledger)", Wrk.run(node.api("/loyalty/purchases"), CONNECTIONS, measured,
                    WrkScripts.purchases(key, buyers, MEASURED)));
            server.stop();

            List<PurchasesByHand.Booking> booked = PurchasesByHand.booked(server.database(), MEASURED + "-");
            // wrk counts the answers it read; the requests still open when it stopped were booked too.
            if (booked.size() < ingest.requests() || booked.size() > ingest.requests() + CONNECTIONS) {
                throw new IllegalStateException("wrk counted " + ingest.requests() + " purchases answered, the database "
                        + "holds " + booked.size());
            }
            SeededServer.Timed<PurchasesByHand.Written> raw = SeededServer.timed("Raw JDBC baseline, the same rows",
                    () -> PurchasesByHand.write(server.database(), booked, CONNECTIONS));
            PurchasesByHand.Written product = PurchasesByHand.wrote(booked);
            if (!raw.value().equals(product)) {
                throw new IllegalStateException("the baseline wrote " + raw.value() + ", the product " + product);
            }
            double rawRate = booked.size() / raw.seconds();
            System.out.printf(Locale.ROOT, "%nIngest over REST: %,.0f purchases/s, %.2f of the read baseline's "
                    + "requests/s; p50 %.2f ms (read %.2f), p99 %.2f ms (read %.2f)%n", ingest.perSecond(),
                    ingest.perSecond() / baseline.perSecond(), ingest.p50(), baseline.p50(), ingest.p99(), baseline.p99());
            System.out.printf(Locale.ROOT, "Raw JDBC, the same %,d purchases' rows (%s) in as many transactions from %d "
                    + "threads: %,.0f purchases/s%n", booked.size(), product, CONNECTIONS, rawRate);
            System.out.printf(Locale.ROOT, "Ratio to raw JDBC: %.2f; goals: >= 2,500 purchases/s %s, p99 < 30 ms %s, "
                    + ">= 1/2 of raw %s (load average %.1f)%n", ingest.perSecond() / rawRate,
                    met(ingest.perSecond() >= 2_500), met(ingest.p99() < 30), met(ingest.perSecond() >= rawRate / 2),
                    SeededServer.load());
        }
    }

    private static String met(boolean met) {
        return met ? "met" : "not met";
    }

    private static Wrk.Result print(String title, Wrk.Result result) {
        System.out.printf(Locale.ROOT, "%s, %,d requests%n  %,.0f requests/s, p50 %.2f ms, p99 %.2f ms (load average %.1f)"
                + "%n%n", title, result.requests(), result.perSecond(), result.p50(), result.p99(), SeededServer.load());
        return result;
    }
}

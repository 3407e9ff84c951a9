package org.rapport.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.rapport.testing.ServerNode;

/**
 * Bulk ingest of purchases as NDJSON over REST ({@code POST /api/v1/loyalty/purchases/bulk}, an API
 * key with {@code loyalty:write}) in the started distribution (embedded Derby on disk, the shipped
 * rules): {@value #MEMBERS_DEFAULT} members seeded offline ({@link SeededCustomers}: contact, tier,
 * earlier purchases), then {@value #PURCHASES_DEFAULT} new purchases written to NDJSON files of at
 * most {@value #LINES_DEFAULT} lines (a till system's files: event ids, several purchases a member,
 * one to three lines of SKU, category, quantity and price each, the amount their sum), each file
 * one request sent by {@code curl}, a process of its own, {@value #REQUESTS_DEFAULT} requests at a
 * time, every file about members of its own (a store's customers). Measured: purchases per second
 * from the first request's start to the last result read. The same files' first one sent again
 * must answer every line {@code replayed} and book nothing. Once the server stopped, the rows the
 * purchases wrote are read back ({@link PurchasesByHand#booked}: ledger entry (the idempotency
 * record: its source is the event id, unique), ledger lines and lots, purchase and its lines,
 * {@code purchase.booked} and {@code tier.changed} events, tier changes, earning and tier decisions,
 * the members' balances) and written again with plain JDBC in the same database files, in pages of
 * {@code -Drapport.bench.page} purchases (default {@value #PAGE_DEFAULT}), one transaction and one
 * batch a table each ({@link PurchasesByHand#writePaged}). Goals (issue 32): at least 20,000
 * purchases/s, at least half the raw JDBC batches' rate. Exactly as many purchases must be booked as
 * were sent. {@code -Drapport.bench.purchases}, {@code -Drapport.bench.members},
 * {@code -Drapport.bench.lines} (lines a request), {@code -Drapport.bench.requests} (at a time) change
 * the sizes; {@code -Drapport.bench.heap} the server's heap (default 2g).
 */
public final class BulkIngestBenchmark {

    private static final int PURCHASES_DEFAULT = 200_000;
    private static final int MEMBERS_DEFAULT = 20_000;
    private static final int LINES_DEFAULT = 50_000;
    private static final int REQUESTS_DEFAULT = 2;
    private static final int PAGE_DEFAULT = 500;
    private static final String MEASURED = "bulk";

    private BulkIngestBenchmark() {
    }

    /** A request's answer as its summary line counted it. */
    record Summary(long lines, long booked, long replayed, long refused) {
    }

    public static void main(String[] args) throws Exception {
        int purchases = Integer.getInteger("rapport.bench.purchases", PURCHASES_DEFAULT);
        int members = Integer.getInteger("rapport.bench.members", MEMBERS_DEFAULT);
        int perRequest = Integer.getInteger("rapport.bench.lines", LINES_DEFAULT);
        int atOnce = Integer.getInteger("rapport.bench.requests", REQUESTS_DEFAULT);
        int page = Integer.getInteger("rapport.bench.page", PAGE_DEFAULT);
        // A request of 50,000 purchases is about 10 MB: the limit raised as an administrator would for bulk loads.
        try (SeededServer server = SeededServer.prepare("bulk", "2g", Map.of("org.rapport.rest.cfg",
                "maxRequestBytes = 268435456"), "/contacts", "/loyalty/tier-statistics")) {
            ServerNode node = server.node;
            System.out.printf("Rapport bulk ingest benchmark: %,d purchases of %,d members in requests of at most %,d "
                    + "lines, %d at a time, the distribution in %s, %d cores, Java %s%n%n", purchases, members,
                    perRequest, atOnce, server.home(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            SeededServer.timed(String.format(Locale.ROOT, "Seeded %,d members", members),
                    () -> SeededCustomers.seed(server.database(), members, now));
            Path dir = Files.createTempDirectory("rapport-bench-ndjson");
            try {
                int files = (purchases + perRequest - 1) / perRequest;
                List<Path> measured = write(dir, MEASURED, purchases, files, members, now);
                List<Path> warmUp = write(dir, "warm", Math.max(purchases / 10, 1), files, members, now);
                server.start();
                String key = Distribution.apiKey(node, "loyalty:write", "loyalty:read");
                post(node, key, warmUp, atOnce);
                SeededServer.Timed<List<Summary>> bulk = SeededServer.timed(String.format(Locale.ROOT,
                        "Bulk ingest of %,d purchases, %d requests, %d at a time", purchases, files, atOnce),
                        () -> post(node, key, measured, atOnce));
                long booked = bulk.value().stream().mapToLong(Summary::booked).sum();
                if (booked != purchases || bulk.value().stream().anyMatch(s -> s.replayed() + s.refused() > 0)) {
                    throw new IllegalStateException("sent " + purchases + " new purchases, the answers say "
                            + bulk.value());
                }
                SeededServer.Timed<List<Summary>> replay = SeededServer.timed("The first file sent again",
                        () -> post(node, key, measured.subList(0, 1), 1));
                Summary again = replay.value().get(0);
                if (again.booked() + again.refused() > 0 || again.replayed() != again.lines()) {
                    throw new IllegalStateException("the first file sent again answered " + again);
                }
                server.stop();

                List<PurchasesByHand.Booking> rows = bookedOnce(server, MEASURED + "-", purchases);
                PurchasesByHand.Written product = PurchasesByHand.wrote(rows);
                SeededServer.Timed<PurchasesByHand.Written> raw = SeededServer.timed(String.format(Locale.ROOT,
                        "Raw JDBC baseline, the same rows in pages of %d", page),
                        () -> PurchasesByHand.writePaged(server.database(), rows, page));
                if (!raw.value().equals(product)) {
                    throw new IllegalStateException("the baseline wrote " + raw.value() + ", the product " + product);
                }
                double rate = purchases / bulk.seconds();
                double rawRate = purchases / raw.seconds();
                System.out.printf(Locale.ROOT, "%nBulk ingest over REST: %,.0f purchases/s (%,d purchases, %s), first "
                        + "byte to last result; the first file's %,d lines sent again: all replayed, %,.0f lines/s%n",
                        rate, purchases, product, again.lines(), again.lines() / replay.seconds());
                System.out.printf(Locale.ROOT, "Raw JDBC, the same rows in pages of %d purchases, one transaction and "
                        + "one batch a table each: %,.0f purchases/s%n", page, rawRate);
                System.out.printf(Locale.ROOT, "Ratio to raw JDBC: %.2f; goals: >= 20,000 purchases/s %s, >= 1/2 of raw "
                        + "%s (load average %.1f)%n", rate / rawRate, rate >= 20_000 ? "met" : "not met",
                        rate >= rawRate / 2 ? "met" : "not met", SeededServer.load());
            } finally {
                try (var all = Files.list(dir)) {
                    for (Path file : all.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    /**
     * The purchases the stopped server's database holds of the event ids starting with {@code run},
     * failing unless there are exactly {@code purchases} of them, each of an event id of its own.
     */
    static List<PurchasesByHand.Booking> bookedOnce(SeededServer server, String run, int purchases) throws Exception {
        List<PurchasesByHand.Booking> rows = PurchasesByHand.booked(server.database(), run);
        Set<String> events = new HashSet<>();
        rows.forEach(b -> events.add(b.eventId));
        if (rows.size() != purchases || events.size() != purchases) {
            throw new IllegalStateException("sent " + purchases + " purchases as " + run + "*, the database holds "
                    + rows.size() + " purchases of " + events.size() + " event ids");
        }
        return rows;
    }

    /**
     * Writes {@code purchases} new purchases (event ids {@code <run>-<file>-<n>}) into {@code files}
     * NDJSON files, file {@code f} about the members whose index is {@code f} modulo {@code files},
     * each purchase of one of them at random, its lines those of a seeded customer's first purchase.
     */
    static List<Path> write(Path dir, String run, int purchases, int files, int members, Instant now)
            throws IOException {
        List<Path> written = new ArrayList<>();
        Random random = new Random(run.hashCode());
        for (int f = 0; f < files; f++) {
            Path file = dir.resolve(run + "-" + f + ".ndjson");
            int count = purchases / files + (f < purchases % files ? 1 : 0);
            int own = (members - f + files - 1) / files;
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int n = 0; n < count; n++) {
                    long member = SeededCustomers.FIRST_ID + f + (long) files * random.nextInt(own);
                    List<SeededCustomers.Line> lines = SeededCustomers.customer(SeededCustomers.FIRST_ID + members
                            + random.nextInt(1_000_000)).purchases().get(0);
                    StringBuilder line = new StringBuilder(256).append("{\"contactId\":").append(member)
                            .append(",\"eventId\":\"").append(run).append('-').append(f).append('-').append(n)
                            .append("\",\"amount\":").append(lines.stream()
                                    .mapToLong(l -> (long) l.quantity() * l.unitPrice()).sum())
                            .append(",\"currency\":\"EUR\",\"channel\":\"").append(n % 3 == 0 ? "web" : "store")
                            .append("\",\"occurredAt\":\"").append(now.minus(random.nextInt(72 * 60), ChronoUnit.MINUTES))
                            .append("\",\"lines\":[");
                    for (int i = 0; i < lines.size(); i++) {
                        SeededCustomers.Line l = lines.get(i);
                        line.append(i == 0 ? "" : ",").append("{\"sku\":\"").append(l.sku()).append("\",\"category\":\"")
                                .append(l.category()).append("\",\"quantity\":").append(l.quantity())
                                .append(",\"unitPrice\":").append(l.unitPrice()).append('}');
                    }
                    out.append(line).append("]}\n");
                }
            }
            written.add(file);
        }
        return written;
    }

    /**
     * Sends each file as one request ({@code curl}, the body streamed from the file), {@code atOnce}
     * at a time, and reads every answer to its end: their summaries, in the files' order. A request
     * answered other than 200, or without a summary, fails the benchmark.
     */
    static List<Summary> post(ServerNode node, String key, List<Path> files, int atOnce) throws Exception {
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < files.size(); i++) {
            queue.add(i);
        }
        Summary[] summaries = new Summary[files.size()];
        ExecutorService senders = Executors.newFixedThreadPool(atOnce);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < atOnce; t++) {
                running.add(senders.submit(() -> {
                    for (Integer i = queue.poll(); i != null; i = queue.poll()) {
                        summaries[i] = curl(node, key, files.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            senders.shutdown();
        }
        return List.of(summaries);
    }

    private static Summary curl(ServerNode node, String key, Path file) throws IOException, InterruptedException {
        Path answer = Files.createTempFile("rapport-bench-answer", ".ndjson");
        try {
            Process curl;
            try {
                curl = new ProcessBuilder("curl", "-sS", "-o", answer.toString(), "-w", "%{http_code}", "-X", "POST",
                        "-H", "Content-Type: application/x-ndjson", "-H", "X-API-Key: " + key, "-H", "Expect:",
                        "--data-binary", "@" + file, node.api("/loyalty/purchases/bulk").toString())
                        .redirectErrorStream(true).start();
            } catch (IOException notInstalled) {
                throw new IllegalStateException("curl is not installed: apt-get install curl", notInstalled);
            }
            String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (curl.waitFor() != 0 || !status.equals("200")) {
                throw new IllegalStateException("POST " + file.getFileName() + ": curl exited with " + curl.exitValue()
                        + ", " + status + " " + Files.readString(answer));
            }
            String last = null;
            try (var lines = Files.lines(answer)) {
                last = lines.reduce((a, b) -> b).orElse("");
            }
            JsonNode summary = ServerNode.JSON.readTree(last).path("summary");
            if (!summary.has("lines")) {
                throw new IllegalStateException("POST " + file.getFileName() + ": no summary last, but " + last);
            }
            return new Summary(summary.get("lines").asLong(), summary.get("booked").asLong(),
                    summary.get("replayed").asLong(), summary.get("refused").asLong());
        } finally {
            Files.deleteIfExists(answer);
        }
    }
}

package org.rapport.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import org.rapport.testing.ServerNode;

/**
 * Contacts at scale in the started distribution (embedded Derby on disk, as shipped), against
 * baselines taken in the same run:
 * <ol>
 * <li>a CSV file of {@value #ROWS_DEFAULT} contacts imported through the product's import
 * ({@code POST /api/v1/contacts/import}, the job waited for at {@code GET /api/v1/jobs/{id}}:
 * upload stored, parsing, validation, JPA, pages of 500 rows with their progress), timed from the
 * upload's first byte to the job's end; versus, once the server has stopped, a raw JDBC batch
 * insert of the same rows, parsed the same way, into a table of {@code CONTACT}'s shape in the
 * same database files ({@link ContactsByHand}). Goal: at least half the baseline's rate;</li>
 * <li>search latency over REST on those contacts ({@code GET /api/v1/contacts?q=}, an API key,
 * each answer a page of 20 with its total): {@code wrk} on one connection, a Lua script choosing
 * each query, by email and by name prefix (two common words, one common word, a rare name); p50
 * and p99 from wrk's latency report. Goal: p99 under 20 ms.</li>
 * </ol>
 * {@code -Drapport.bench.contacts=N} changes the number of rows, {@code -Drapport.bench.seconds=N}
 * how long each search load runs (default 30), {@code -Drapport.bench.heap} the server's heap
 * (default 1g).
 */
public final class ContactsBenchmark {

    private static final int ROWS_DEFAULT = 1_000_000;
    /** Searches one at a time: the latency of a search, not of a queue of them. */
    private static final int CONNECTIONS = 1;

    private ContactsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("rapport.bench.contacts", ROWS_DEFAULT);
        Duration measured = Duration.ofSeconds(Integer.getInteger("rapport.bench.seconds", 30));
        // The upload is one request body: the API's limit raised to hold it, as an administrator would.
        try (SeededServer server = SeededServer.prepare("contacts", "1g",
                Map.of("org.rapport.rest.cfg", "maxRequestBytes = 2000000000"))) {
            Path csv = server.home().resolve("contacts.csv");
            ContactsByHand.generate(csv, rows, new Random(7));
            System.out.printf("Rapport contacts benchmark: %,d contacts (%,d MB of CSV), the distribution in %s, %d cores, "
                    + "Java %s%n%n", rows, Files.size(csv) >> 20, server.home(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            server.start();
            ServerNode node = server.node;
            SeededServer.Timed<JsonNode> job = SeededServer.timed("Import job", () -> server.awaitJob(upload(node, csv)));
            long created = job.value().path("report").path("created").asLong(-1);
            if (created != rows) {
                throw new IllegalStateException("imported " + created + " of " + rows + ": " + job.value());
            }
            System.out.println();

            String key = Distribution.apiKey(node, "contacts:read");
            Wrk.run(node.api("/contacts"), CONNECTIONS, Duration.ofSeconds(10), WrkScripts.contactSearches(key, "email", rows));
            search(node, measured, key, rows, "email", "Search by email (\"person4711@\")");
            search(node, measured, key, rows, "two", "Search by name prefix, two common words (\"Lov Ada\": 1 contact in 400)");
            search(node, measured, key, rows, "one", "Search by name prefix, one common word (\"Hop\": 1 contact in 20)");
            search(node, measured, key, rows, "rare", "Search by name prefix, a rare name (\"Zed4711\": one contact in "
                    + ContactsByHand.RARE + ")");
            server.stop();

            SeededServer.Timed<Long> raw = SeededServer.timed("Raw JDBC baseline",
                    () -> ContactsByHand.rawInsert(server.database(), csv));
            System.out.println();
            double importRate = rows / job.seconds();
            double rawRate = raw.value() / raw.seconds();
            System.out.printf(Locale.ROOT, "CSV import, %,d rows%n  product    %,10.0f rows/s (POST /contacts/import, the "
                    + "job to its end)%n  raw JDBC   %,10.0f rows/s (baseline, the same database files after the server "
                    + "stopped)%n  ratio      %.2f of raw; goal at least 0.5: %s%n%n", rows, importRate, rawRate,
                    importRate / rawRate, importRate / rawRate >= 0.5 ? "met" : "not met");
        }
    }

    /** Uploads the CSV as the administrator (the body streamed from the file): the import job's id. */
    private static long upload(ServerNode node, Path csv) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(node.api("/contacts/import"))
                .timeout(Duration.ofHours(1))
                .header("Content-Type", "text/csv")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:"
                        + ServerNode.ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the import was not accepted: " + answer.statusCode() + " " + answer.body());
        }
        return ServerNode.JSON.readTree(answer.body()).get("id").asLong();
    }

    private static void search(ServerNode node, Duration measured, String key, int rows, String kind, String title)
            throws Exception {
        Wrk.Result result = Wrk.run(node.api("/contacts"), CONNECTIONS, measured,
                WrkScripts.contactSearches(key, kind, rows));
        System.out.printf(Locale.ROOT, "%s, %,d searches over REST (GET /contacts?q=, a page of 20 with its total)%n"
                + "  p50 %.2f ms, p99 %.2f ms, %,.0f searches/s on %d connection; goal p99 under 20 ms: %s "
                + "(load average %.1f)%n%n", title, result.requests(), result.p50(), result.p99(), result.perSecond(),
                CONNECTIONS, result.p99() < 20 ? "met" : "not met", SeededServer.load());
    }
}

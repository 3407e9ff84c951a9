package org.rapport.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Purchase ingest over REST on loopback: the assembled distribution (Derby embedded, shipped
 * rules) is unpacked and started as a server, and a load generator in this JVM sends purchases
 * ({@code POST /api/v1/loyalty/purchases}, an API key) from several connections at once,
 * measuring throughput and latency. The baseline, in the same run and the same way, is an
 * authenticated read that does little work ({@code GET /api/v1/loyalty/rewards}): what the HTTP
 * stack, authentication and JSON cost by themselves. Client and server share this machine's cores.
 * {@code -Drapport.distribution=<tar.gz>} names the archive; {@code -Drapport.bench.requests=N}
 * the number of measured requests of each kind.
 */
public final class RestIngestBenchmark {

    private static final int REQUESTS_DEFAULT = 10_000;
    private static final int CONNECTIONS = 8;
    private static final int BUYERS = 1_000;
    private static final String PASSWORD = "benchmark-password-0123";
    private static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String key;

    private RestIngestBenchmark(int port) {
        this.base = "http://127.0.0.1:" + port + "/api/v1";
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(System.getProperty("rapport.distribution", ""));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("-Drapport.distribution must name the distribution's tar.gz, not '"
                    + archive + "'");
        }
        int requests = Integer.getInteger("rapport.bench.requests", REQUESTS_DEFAULT);
        Path dir = Files.createTempDirectory("rapport-bench-rest");
        run(new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString(), "--strip-components=1"));
        // The server's own port, far from a developer's running Rapport.
        int port = 18181;
        Path web = dir.resolve("etc/org.ops4j.pax.web.cfg");
        Files.writeString(web, Files.readString(web).replaceAll("(?m)^org.osgi.service.http.port\\s*=.*$", "")
                + "\norg.osgi.service.http.port = " + port + "\n");
        ProcessBuilder karaf = new ProcessBuilder(dir.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile());
        karaf.environment().put("RAPPORT_ADMIN_PASSWORD", PASSWORD);
        karaf.environment().put("JAVA_MAX_MEM", "1g");
        System.out.printf("Rapport REST ingest benchmark: distribution in %s on port %d, %,d requests of each kind, "
                + "%d connections, Java %s%n%n", dir, port, requests, CONNECTIONS, System.getProperty("java.version"));
        Process server = karaf.start();
        try {
            RestIngestBenchmark bench = new RestIngestBenchmark(port);
            bench.awaitUp(Duration.ofMinutes(3));
            bench.key = bench.issueKey();
            long[] buyers = bench.buyers();
            AtomicInteger events = new AtomicInteger();
            IntFunction<HttpRequest> purchase = i -> bench.post("/loyalty/purchases", String.format(java.util.Locale.ROOT,
                    "{\"contactId\":%d,\"eventId\":\"bench-%d\",\"amount\":%d.50,\"currency\":\"EUR\",\"channel\":\"%s\"}",
                    buyers[i % buyers.length], events.incrementAndGet(), 20 + i % 300, i % 3 == 0 ? "web" : "store"));
            IntFunction<HttpRequest> read = i -> bench.get("/loyalty/rewards");
            bench.load("warm-up", requests / 5, read, 200, false);
            bench.load("warm-up", requests / 5, purchase, 201, false);
            double[] baseline = bench.load("Authenticated read, GET /loyalty/rewards (baseline)", requests, read, 200, true);
            double[] ingest = bench.load("Purchase ingest, POST /loyalty/purchases (ledger entry, earning and tier rules, "
                    + "decision ledger)", requests, purchase, 201, true);
            System.out.printf("Ingest over REST: %,.0f purchases/s, %.2f of the baseline's requests/s; p50 %.2f ms "
                    + "(baseline %.2f), p99 %.2f ms (baseline %.2f)%n", ingest[0], ingest[0] / baseline[0], ingest[1],
                    baseline[1], ingest[2], baseline[2]);
        } finally {
            // bin/karaf runs the JVM as its child: stop that first, then the script.
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }
    }

    private void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    // Features start one after another: wait until every resource the load uses is served.
                    String paths = http.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    if (paths.contains("\"/keys\"") && paths.contains("\"/contacts\"")
                            && paths.contains("\"/loyalty/purchases\"") && paths.contains("\"/loyalty/rewards\"")) {
                        return;
                    }
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server did not come up within " + timeout);
    }

    /** An API key for the load; asked again while the server is still registering its resources (404). */
    private String issueKey() throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return tryIssueKey();
            } catch (IllegalStateException notYet) {
                if (attempt > 120 || !notYet.getMessage().contains(" 404 ")) {
                    throw notYet;
                }
                Thread.sleep(500);
            }
        }
    }

    private String tryIssueKey() throws IOException, InterruptedException {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(base + "/keys"))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"benchmark\",\"scopes\":[\"contacts:write\","
                        + "\"loyalty:write\",\"loyalty:read\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher secret = SECRET.matcher(issued.body());
        if (issued.statusCode() != 201 || !secret.find()) {
            throw new IllegalStateException("no API key: " + issued.statusCode() + " " + issued.body() + " ");
        }
        return secret.group(1);
    }

    private long[] buyers() throws IOException, InterruptedException {
        long[] ids = new long[BUYERS];
        for (int i = 0; i < BUYERS; i++) {
            HttpResponse<String> created = http.send(post("/contacts", "{\"email\":\"buyer" + i + "@example.com\"}"),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(created.body());
            if (created.statusCode() != 201 || !id.find()) {
                throw new IllegalStateException("contact not created: " + created.statusCode() + " " + created.body());
            }
            ids[i] = Long.parseLong(id.group(1));
        }
        return ids;
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", key).GET().build();
    }

    /** Sends {@code count} requests over {@link #CONNECTIONS} connections; answers requests/s, p50 and p99 in ms. */
    private double[] load(String title, int count, IntFunction<HttpRequest> request, int expected, boolean print)
            throws Exception {
        HttpLoad.Result result = HttpLoad.run(http, count, CONNECTIONS, request, expected);
        if (print) {
            System.out.printf("%s, %,d requests%n  %,.0f requests/s, p50 %.2f ms, p99 %.2f ms%n%n", title, count,
                    result.perSecond(), result.p50(), result.p99());
        }
        return new double[] {result.perSecond(), result.p50(), result.p99()};
    }

    private static void run(ProcessBuilder command) throws IOException, InterruptedException {
        Process p = command.inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.command() + " failed");
        }
    }
}

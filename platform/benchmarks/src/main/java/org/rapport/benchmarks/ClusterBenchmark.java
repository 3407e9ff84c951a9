package org.rapport.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.rapport.testing.ServerNode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Several nodes on one PostgreSQL against one node on it, in the same run: purchase ingest over
 * REST (8 connections spread over the nodes) and the tier re-evaluation job, each with one node
 * and then with two, every node the assembled distribution started as a server on this machine.
 * {@code -Drapport.distribution=<tar.gz>} names the archive; {@code -Drapport.bench.database=
 * jdbc:postgresql://host:port/db?user=u} a database to use, else a throwaway PostgreSQL cluster
 * is started from Debian's {@code postgresql} package for the run; {@code -Drapport.bench.requests=N}
 * the measured purchases, {@code -Drapport.bench.members=N} the members re-evaluated.
 */
public final class ClusterBenchmark {

    private static final int CONNECTIONS = 8;
    private static final int BUYERS = 1_000;
    private static final long FIRST_SEEDED = 50_000_000L;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path archive;
    private final String database;
    private final Path work;

    private ClusterBenchmark(Path archive, String database, Path work) {
        this.archive = archive;
        this.database = database;
        this.work = work;
    }

    /** What one configuration measured. */
    private record Figures(HttpLoad.Result ingest, double reevaluationSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(System.getProperty("rapport.distribution", ""));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("-Drapport.distribution must name the distribution's tar.gz, not '"
                    + archive + "'");
        }
        int requests = Integer.getInteger("rapport.bench.requests", 6_000);
        int members = Integer.getInteger("rapport.bench.members", 200_000);
        Path work = Files.createTempDirectory("rapport-bench-cluster");
        String given = System.getProperty("rapport.bench.database", "");
        try (Postgres postgres = given.isEmpty() ? Postgres.start(Files.createTempDirectory("rapport-bench-pg")) : null) {
            String database = postgres == null ? given : postgres.url;
            System.out.printf("Rapport cluster benchmark: %s, %,d purchases over %d connections, %,d members re-evaluated, "
                    + "nodes on this machine (%d cores), Java %s%n%n", database, requests, CONNECTIONS, members,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            ClusterBenchmark bench = new ClusterBenchmark(archive, database, work);
            Figures one = bench.measure(1, requests, members);
            Figures two = bench.measure(2, requests, members);
            System.out.printf(Locale.ROOT, "Purchase ingest over REST: 1 node %,.0f/s (p50 %.1f ms, p99 %.1f ms), 2 nodes %,.0f/s "
                    + "(p50 %.1f ms, p99 %.1f ms): scaling factor %.2f%n", one.ingest().perSecond(), one.ingest().p50(),
                    one.ingest().p99(), two.ingest().perSecond(), two.ingest().p50(), two.ingest().p99(),
                    two.ingest().perSecond() / one.ingest().perSecond());
            System.out.printf(Locale.ROOT, "Tier re-evaluation of %,d members: 1 node %.1f s, 2 nodes %.1f s: scaling factor %.2f "
                    + "(a job runs on one node at a time)%n", members, one.reevaluationSeconds(), two.reevaluationSeconds(),
                    one.reevaluationSeconds() / two.reevaluationSeconds());
        }
    }

    /** Starts {@code count} nodes on a schema of their own, measures, and stops them. */
    private Figures measure(int count, int requests, int members) throws Exception {
        String schema = "bench_" + count + "_nodes";
        sql(null, "drop schema if exists " + schema + " cascade", "create schema " + schema);
        String url = database + (database.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        List<ServerNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                ServerNode node = ServerNode.unpack(archive, work.resolve(schema + "-" + i), "bench-" + i, url, Map.of());
                nodes.add(node);
                node.start();
                node.awaitUp(Duration.ofMinutes(4));
            }
            ServerNode first = nodes.get(0);
            String key = first.admin("POST", "/keys", "{\"name\": \"benchmark\", \"scopes\": [\"contacts:write\", "
                    + "\"loyalty:write\", \"loyalty:read\"]}").json().get("secret").asText();
            long[] buyers = new long[BUYERS];
            for (int i = 0; i < BUYERS; i++) {
                buyers[i] = first.call("POST", "/contacts", "{\"email\": \"buyer" + i + "@example.com\"}", "X-API-Key", key)
                        .json().get("id").asLong();
            }
            AtomicInteger events = new AtomicInteger();
            HttpLoad.Request purchase = (connection, i) -> HttpRequest.newBuilder(
                    nodes.get(connection % nodes.size()).api("/loyalty/purchases"))
                    .header("X-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(String.format(Locale.ROOT, "{\"contactId\":%d,\"eventId\":"
                            + "\"bench-%d\",\"amount\":%d.50,\"currency\":\"EUR\",\"channel\":\"%s\"}", buyers[i % BUYERS],
                            events.incrementAndGet(), 20 + i % 300, i % 3 == 0 ? "web" : "store"))).build();
            HttpLoad.run(http, requests / 5, CONNECTIONS, purchase, 201);
            HttpLoad.Result ingest = HttpLoad.run(http, requests, CONNECTIONS, purchase, 201);
            System.out.printf(Locale.ROOT, "%d node(s): purchase ingest %,.0f/s, p50 %.1f ms, p99 %.1f ms%n", count,
                    ingest.perSecond(), ingest.p50(), ingest.p99());

            sql(schema, "insert into LOYALTY_MEMBER (CONTACT_ID, BALANCE, TIER, TIER_RELEASE, JOINED_AT, TIER_SINCE) "
                    + "select g, 0, 'Gold', 0, now() at time zone 'UTC', now() at time zone 'UTC' from generate_series("
                    + FIRST_SEEDED + ", " + (FIRST_SEEDED + members - 1) + ") g", "analyze");
            JsonNode job = first.admin("POST", "/loyalty/reevaluations", null).json();
            while (job.get("state").asText().equals("RUNNING")) {
                Thread.sleep(200);
                job = first.admin("GET", "/loyalty/reevaluations/" + job.get("id").asLong(), null).json();
            }
            if (!job.get("state").asText().equals("DONE")) {
                throw new IllegalStateException("the re-evaluation job did not finish: " + job);
            }
            double seconds = Duration.between(Instant.parse(job.get("startedAt").asText()),
                    Instant.parse(job.get("finishedAt").asText())).toMillis() / 1e3;
            System.out.printf(Locale.ROOT, "%d node(s): re-evaluation of %,d members in %.1f s (%,d changed)%n%n", count,
                    job.get("total").asLong(), seconds, job.get("changed").asLong());
            return new Figures(ingest, seconds);
        } finally {
            for (ServerNode node : nodes) {
                node.close();
            }
            sql(null, "drop schema if exists " + schema + " cascade");
        }
    }

    private void sql(String schema, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(database); Statement s = c.createStatement()) {
            if (schema != null) {
                s.execute("set search_path to " + schema);
            }
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** A PostgreSQL cluster of Debian's package, started on loopback for the run and removed after it. */
    private static final class Postgres implements AutoCloseable {
        private final Path bin;
        private final Path dir;
        final String url;

        private Postgres(Path bin, Path dir, int port) {
            this.bin = bin;
            this.dir = dir;
            this.url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=rapport";
        }

        static Postgres start(Path dir) throws IOException, InterruptedException {
            Path bin;
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                bin = versions.map(v -> v.resolve("bin")).filter(Files::isDirectory)
                        .max(Comparator.comparing(Path::toString)).orElseThrow();
            } catch (IOException | java.util.NoSuchElementException e) {
                throw new IllegalStateException("PostgreSQL is not installed: apt-get install postgresql, or give "
                        + "-Drapport.bench.database=jdbc:postgresql://...", e);
            }
            if (root()) {
                run(List.of("chown", "postgres", dir.toString()), false);
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Postgres postgres = new Postgres(bin, dir, port);
            run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U",
                    "rapport"), true);
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                    dir.resolve("server.log").toString(), "-o", "-p " + port + " -k " + dir
                            + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start"), true);
            return postgres;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "stop"),
                    true);
        }

        private static boolean root() {
            return "root".equals(System.getProperty("user.name"));
        }

        /** Runs a command, as the postgres user when this is root and {@code asPostgres} (PostgreSQL refuses root). */
        private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
            List<String> full = new ArrayList<>();
            if (asPostgres && root()) {
                full.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            full.addAll(command);
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(full + " exited with " + p.exitValue());
            }
        }
    }
}

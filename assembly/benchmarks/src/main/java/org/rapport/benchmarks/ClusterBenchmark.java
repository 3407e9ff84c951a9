package org.rapport.benchmarks;

import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import org.rapport.testing.Ports;
import org.rapport.testing.ServerNode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Several nodes on one PostgreSQL against one node on it, in the same run: purchase ingest over
 * REST ({@code wrk}, 8 connections spread over the nodes) and the tier re-evaluation job, each with one node
 * and then with two, every node the assembled distribution started as a server on this machine.
 * {@code -Drapport.distribution=<tar.gz>} names the archive; {@code -Drapport.bench.database=
 * jdbc:postgresql://host:port/db?user=u} a database to use, else a throwaway PostgreSQL cluster
 * is started from Debian's {@code postgresql} package for the run; {@code -Drapport.bench.seconds=N}
 * how long the measured purchases run, {@code -Drapport.bench.members=N} the members re-evaluated.
 */
public final class ClusterBenchmark {

    private static final int CONNECTIONS = 8;
    private static final int BUYERS = 1_000;
    private static final long FIRST_SEEDED = 50_000_000L;

    private final Path archive;
    private final String database;
    private final Path work;

    private ClusterBenchmark(Path archive, String database, Path work) {
        this.archive = archive;
        this.database = database;
        this.work = work;
    }

    /** What one configuration measured. */
    private record Figures(Wrk.Result ingest, double reevaluationSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path archive = Distribution.archive();
        Duration seconds = Duration.ofSeconds(Integer.getInteger("rapport.bench.seconds", 20));
        int members = Integer.getInteger("rapport.bench.members", 200_000);
        Path work = Files.createTempDirectory("rapport-bench-cluster");
        String given = System.getProperty("rapport.bench.database", "");
        try (Postgres postgres = given.isEmpty() ? Postgres.start(Files.createTempDirectory("rapport-bench-pg")) : null) {
            String database = postgres == null ? given : postgres.url;
            System.out.printf("Rapport cluster benchmark: %s, %d s of purchases from wrk over %d connections, %,d members "
                    + "re-evaluated, nodes on this machine (%d cores), Java %s%n%n", database, seconds.toSeconds(),
                    CONNECTIONS, members,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            ClusterBenchmark bench = new ClusterBenchmark(archive, database, work);
            Figures one = bench.measure(1, seconds, members);
            Figures two = bench.measure(2, seconds, members);
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
    private Figures measure(int count, Duration load, int members) throws Exception {
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
            String key = Distribution.apiKey(first, "contacts:write", "loyalty:write", "loyalty:read");
            long[] buyers = Distribution.contacts(first, key, BUYERS, "buyer");
            Wrk.Result ingest = ingest(nodes, key, buyers, load);
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

    /**
     * Purchases from wrk, the connections spread evenly over the nodes (one wrk process per node,
     * all at once): a warm-up, then the measured run. The rate is the nodes' sum; the latencies
     * are the slowest node's.
     */
    private static Wrk.Result ingest(List<ServerNode> nodes, String key, long[] buyers, Duration seconds)
            throws Exception {
        load(nodes, key, buyers, Duration.ofSeconds(10), "warm");
        List<Wrk.Result> results = load(nodes, key, buyers, seconds, "measured");
        return new Wrk.Result(results.stream().mapToDouble(Wrk.Result::perSecond).sum(),
                results.stream().mapToDouble(Wrk.Result::p50).max().orElseThrow(),
                results.stream().mapToDouble(Wrk.Result::p99).max().orElseThrow(),
                results.stream().mapToDouble(Wrk.Result::max).max().orElseThrow(),
                results.stream().mapToLong(Wrk.Result::requests).sum());
    }

    private static List<Wrk.Result> load(List<ServerNode> nodes, String key, long[] buyers, Duration duration,
            String run) throws Exception {
        List<CompletableFuture<Wrk.Result>> loads = new ArrayList<>();
        for (ServerNode node : nodes) {
            String script = WrkScripts.purchases(key, buyers, run + "-" + node.name);
            loads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return Wrk.run(node.api("/loyalty/purchases"), CONNECTIONS / nodes.size(), duration, script);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        List<Wrk.Result> results = new ArrayList<>();
        for (CompletableFuture<Wrk.Result> load : loads) {
            results.add(load.get());
        }
        return results;
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
            int port = Ports.free();
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

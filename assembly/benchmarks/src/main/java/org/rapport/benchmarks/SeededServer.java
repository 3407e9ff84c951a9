package org.rapport.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.rapport.testing.ServerNode;

/**
 * The started distribution on a database seeded offline, for the benchmarks whose data would take
 * longer to enter through the API than the measurement itself: the distribution is unpacked into a
 * private folder with free ports ({@link ServerNode}) and started once so that its migrations
 * create the schema, then stopped; the benchmark seeds the distribution's own embedded Derby
 * database on disk ({@code data/derby/rapport}) with JDBC batches in the tables the product created,
 * and starts it again to drive the measured operation through the REST API. Once the server is
 * stopped again (its JVM, by its process id), the raw JDBC baseline runs on the same database
 * files, so both sides see the same data and the same disk.
 * {@code -Drapport.bench.heap=<size>} sets the server's maximum heap ({@code -Xmx} in {@code JAVA_OPTS}),
 * {@code -Drapport.bench.serverOptions="<options>"} adds the server JVM's options (a profile:
 * {@code -XX:StartFlightRecording=filename=/tmp/server.jfr}), {@code -Drapport.bench.keep=true} keeps
 * the folder after the run.
 */
final class SeededServer implements AutoCloseable {

    private static final Duration START = Duration.ofMinutes(5);
    private static final Duration SETTLE = Duration.ofMinutes(15);

    final ServerNode node;
    private boolean running;

    private SeededServer(ServerNode node) {
        this.node = node;
    }

    /**
     * Unpacks the distribution named by {@code -Drapport.distribution} into a new folder, with the
     * server's heap ({@code -Drapport.bench.heap}, else {@code heap}) and these {@code etc} settings,
     * starts it until it is ready, reads each of {@code setUp} ({@code GET /api/v1<path>} as the
     * administrator: a capability's tables are migrated as its persistence unit is first used) and
     * stops it: its schema exists, its database is closed.
     */
    static SeededServer prepare(String name, String heap, Map<String, String> etc, String... setUp)
            throws IOException, InterruptedException {
        SeededServer server = unpack(name, heap, etc);
        server.start();
        for (String path : setUp) {
            ServerNode.Reply read = server.node.admin("GET", path, null);
            if (read.status() != 200) {
                throw new IllegalStateException("GET " + path + ": " + read.status() + " " + read.body());
            }
        }
        server.stop();
        return server;
    }

    /**
     * Unpacks the distribution named by {@code -Drapport.distribution} into a new folder, with the
     * server's heap ({@code -Drapport.bench.heap}, else {@code heap}) and these {@code etc} settings,
     * not started: for a benchmark that seeds nothing, whose first start makes the schema.
     */
    static SeededServer unpack(String name, String heap, Map<String, String> etc)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("rapport-bench-" + name);
        ServerNode node = ServerNode.unpack(Distribution.archive(), dir, name, null, etc);
        // Karaf 4.4's bin/karaf passes JAVA_OPTS (bin/setenv's) to the JVM and no longer reads JAVA_MAX_MEM.
        String options = "-Xmx" + System.getProperty("rapport.bench.heap", heap) + " "
                + System.getProperty("rapport.bench.serverOptions", "");
        Files.writeString(dir.resolve("bin/setenv"), "\nexport JAVA_OPTS=\"" + options.strip() + " $JAVA_OPTS\"\n",
                StandardOpenOption.APPEND);
        return new SeededServer(node);
    }

    /** The distribution's folder. */
    Path home() {
        return node.home;
    }

    /**
     * The distribution's embedded database, for seeding before a start and for the baseline after
     * the stop: only while the server is stopped (Derby lets one JVM at a time open it).
     */
    EmbeddedDataSource database() {
        if (running) {
            throw new IllegalStateException("the server is running: its database is its own until it stops");
        }
        EmbeddedDataSource db = new EmbeddedDataSource();
        db.setDatabaseName(node.home.resolve("data/derby/rapport").toString());
        return db;
    }

    /** Sends each of the seeding's batches, in their order, and commits them: one step of a seeding in JDBC batches. */
    static void commitBatches(Connection c, PreparedStatement... batches) throws SQLException {
        for (PreparedStatement batch : batches) {
            batch.executeBatch();
        }
        c.commit();
    }

    /** Closes this JVM's use of the database (Derby's shutdown), so that the server can open it. */
    void release() {
        EmbeddedDataSource shutdown = database();
        shutdown.setShutdownDatabase("shutdown");
        try {
            shutdown.getConnection().close();
        } catch (SQLException expected) {
            // Derby answers a shutdown with SQL state 08006; anything else is a real failure.
            if (!"08006".equals(expected.getSQLState()) && !"XJ004".equals(expected.getSQLState())) {
                throw new IllegalStateException("the database at " + node.home + " did not shut down", expected);
            }
        }
    }

    /** Starts the server on its database and waits until it is ready and its rule packages are active. */
    void start() throws IOException, InterruptedException {
        release();
        node.start();
        running = true;
        node.awaitUp(START);
    }

    /** Stops the server: its JVM and script, by their process ids, waiting until both have ended. */
    void stop() throws InterruptedException {
        node.close();
        running = false;
    }

    /**
     * Waits until the server's JVM has used less than a tenth of a core for two seconds running:
     * until what earlier work left queued behind it (a purchase's follow-on pages, event delivery)
     * is done, so that it does not weigh on the next measurement. The seconds it took.
     */
    double settle() throws InterruptedException {
        List<ProcessHandle> jvms = node.jvms();
        if (jvms.size() != 1) {
            throw new IllegalStateException("the server runs " + jvms.size() + " JVMs: " + jvms);
        }
        ProcessHandle jvm = jvms.get(0);
        long start = System.nanoTime();
        long deadline = start + SETTLE.toNanos();
        Duration last = cpu(jvm);
        int quiet = 0;
        while (quiet < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server still worked " + SETTLE + " after the measurement");
            }
            Thread.sleep(1000);
            Duration now = cpu(jvm);
            quiet = now.minus(last).toMillis() < 100 ? quiet + 1 : 0;
            last = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Duration cpu(ProcessHandle jvm) {
        return jvm.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("the CPU time of process "
                + jvm.pid() + " is not known on this system"));
    }

    /** Starts a job with {@code POST /api/v1<path>} as the administrator: the job's id. */
    long startJob(String path) {
        ServerNode.Reply started = node.admin("POST", path, null);
        if (started.status() != 202) {
            throw new IllegalStateException("POST " + path + " did not start a job: " + started.status() + " "
                    + started.body());
        }
        return started.json().get("id").asLong();
    }

    /**
     * Waits for a job of the platform's runner to end ({@code GET /api/v1/jobs/{id}}, five times a
     * second) and answers it as shown there; a job that ends other than done fails the benchmark.
     */
    JsonNode awaitJob(long id) throws InterruptedException {
        while (true) {
            ServerNode.Reply job = node.admin("GET", "/jobs/" + id, null);
            if (job.status() != 200) {
                throw new IllegalStateException("GET /jobs/" + id + ": " + job.status() + " " + job.body());
            }
            String state = job.json().get("state").asText();
            if (state.equals("DONE")) {
                return job.json();
            }
            if (!state.equals("RUNNING")) {
                throw new IllegalStateException("job " + id + " ended " + state + ": " + job.body());
            }
            Thread.sleep(200);
        }
    }

    /** What a timed piece of work answered, and how long it took. */
    record Timed<T>(T value, double seconds) {
    }

    /**
     * Starts a job over REST ({@code POST /api/v1<path>}), waits for its end and stops the server:
     * the job as {@code GET /api/v1/jobs/{id}} showed it last, and the time from the start to the end.
     */
    Timed<JsonNode> runJob(String title, String path) throws Exception {
        Timed<JsonNode> job = timed(title, () -> awaitJob(startJob(path)));
        stop();
        return job;
    }

    /** Does the work and prints its time with the machine's load at its end, under {@code title}. */
    static <T> Timed<T> timed(String title, Callable<T> work) throws Exception {
        long start = System.nanoTime();
        T value = work.call();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %.1f s (load average %.1f)%n", title, seconds, load());
        return new Timed<>(value, seconds);
    }

    /** The machine's load average over the last minute: the benchmarks share it with whatever else runs. */
    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * Stops the server and deletes its folder (its database of a million rows takes gigabytes),
     * unless {@code -Drapport.bench.keep=true} keeps it to look into.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        stop();
        release();
        if (Boolean.getBoolean("rapport.bench.keep")) {
            System.out.println("Kept the distribution and its database in " + node.home);
            return;
        }
        try (Stream<Path> files = Files.walk(node.home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}

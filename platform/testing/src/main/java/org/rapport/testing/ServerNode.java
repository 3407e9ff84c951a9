package org.rapport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Rapport node for tests and benchmarks of several nodes: the assembled distribution unpacked
 * into a folder of its own, configured as an administrator would (its ports, the shared
 * PostgreSQL database, its node name) and started as a server process, spoken to over HTTP.
 */
public final class ServerNode implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String ADMIN_PASSWORD = "two-nodes-password-1";

    public final String name;
    public final Path home;
    public final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process server;

    /** A response: status and body. */
    public record Reply(int status, String body) {
        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private ServerNode(String name, Path home, int httpPort) {
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
    }

    /**
     * Unpacks the distribution into {@code dir} and configures it: free ports, the PostgreSQL
     * database at {@code jdbcUrl} (or, when it is null, the embedded Derby database the
     * distribution comes with), the node's name, and {@code etc} files' settings given as
     * {@code "file.cfg" -> "key = value\n..."}.
     */
    public static ServerNode unpack(Path archive, Path dir, String name, String jdbcUrl, Map<String, String> etc)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString(), "--strip-components=1"));
        int httpPort = Ports.free();
        set(dir, "org.ops4j.pax.web.cfg", "org.osgi.service.http.port = " + httpPort);
        set(dir, "org.apache.karaf.shell.cfg", "sshPort = " + Ports.free());
        set(dir, "org.apache.karaf.management.cfg", "rmiRegistryPort = " + Ports.free() + "\nrmiServerPort = " + Ports.free());
        if (jdbcUrl != null) {
            set(dir, "org.ops4j.datasource-rapport.cfg", "osgi.jdbc.driver.name = PostgreSQL JDBC Driver\nurl = " + jdbcUrl);
        }
        set(dir, "org.rapport.cluster.cfg", "node = " + name);
        for (Map.Entry<String, String> file : etc.entrySet()) {
            set(dir, file.getKey(), file.getValue());
        }
        return new ServerNode(name, dir, httpPort);
    }

    /** Sets {@code key = value} lines in an etc file, replacing the lines of the same keys. */
    private static void set(Path home, String file, String lines) throws IOException {
        Path cfg = home.resolve("etc").resolve(file);
        String text = Files.exists(cfg) ? Files.readString(cfg) : "";
        for (String line : lines.split("\n")) {
            String key = line.substring(0, line.indexOf('=')).strip();
            text = text.replaceAll("(?m)^\\s*" + Pattern.quote(key) + "\\s*=.*$", "");
        }
        Files.writeString(cfg, text + "\n" + lines + "\n");
    }

    /**
     * The JVM options of a node started for tests ({@link #withTestJvm}): the client compiler alone
     * and a serial collector, as the build's own test JVMs run. A node lives for a few minutes of
     * tests, during which the server compiler's threads would take more CPU than they give back.
     */
    public static final String TEST_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private String extraJavaOptions;

    /** Starts (and restarts) the node's JVM with {@link #TEST_JVM_OPTIONS}; a benchmark leaves the JVM as shipped. */
    public ServerNode withTestJvm() {
        extraJavaOptions = TEST_JVM_OPTIONS;
        return this;
    }

    /** Starts the server ({@code bin/karaf server}), the first administrator's password in its environment. */
    public void start() throws IOException {
        ProcessBuilder karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(home.resolve("server.out").toFile());
        karaf.environment().put("RAPPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        karaf.environment().put("JAVA_MAX_MEM", "768m");
        if (extraJavaOptions != null) {
            karaf.environment().put("EXTRA_JAVA_OPTS", extraJavaOptions);
        }
        server = karaf.start();
    }

    /**
     * Waits until the node says it is ready ({@code GET /health/ready}: every installed Rapport
     * feature's REST resources and commands served) and every rule package is active.
     */
    public void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "nothing: not listening";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("node " + name + " exited with " + server.exitValue() + "; see " + home
                        + "/data/log/karaf.log" + logTail());
            }
            try {
                // Ready as a load balancer sees it: every feature served; then its rule packages active.
                Reply ready = call("GET", "/health/ready", null);
                last = "/health/ready " + ready.status() + " " + ready.body();
                if (ready.status() == 200) {
                    Reply health = call("GET", "/health", null);
                    last = "/health " + health.status() + " " + health.body();
                    if (health.status() == 200 && health.json().get("status").asText().equals("UP")
                            && health.json().get("rules").size() >= 3) {
                        return;
                    }
                }
            } catch (AssertionError notYet) {
                // Not listening yet.
            }
            // Once a second: the health endpoints are rate limited per address.
            Thread.sleep(1_000);
        }
        throw new AssertionError("node " + name + " did not come up within " + timeout + "; it last answered " + last
                + "; see " + home + "/data/log/karaf.log" + logTail() + threadDump());
    }

    /** The node's JVMs (children of bin/karaf), while it runs: one, once the script started it. */
    public List<ProcessHandle> jvms() {
        return server == null ? List.of()
                : server.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
    }

    /** The threads of the node's JVM (a child of bin/karaf), for a failure's message: where a start is stuck. */
    private String threadDump() {
        StringBuilder dump = new StringBuilder();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (ProcessHandle jvm : jvms()) {
            try {
                Process print = new ProcessBuilder(jcmd.toString(), String.valueOf(jvm.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String threads = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                print.waitFor(30, TimeUnit.SECONDS);
                dump.append("\n--- the threads of process ").append(jvm.pid()).append(" ---\n").append(threads);
            } catch (IOException e) {
                dump.append("\n(no thread dump of ").append(jvm.pid()).append(": ").append(e).append(')');
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return dump.toString();
    }

    /** The end of the node's log and console, for a failure's message: a CI run keeps no files. */
    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (Path file : List.of(home.resolve("data/log/karaf.log"), home.resolve("server.out"))) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                tail.append("\n--- the last lines of ").append(file.getFileName()).append(" ---\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(line -> tail.append(line, 0, Math.min(line.length(), 400)).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                tail.append("\n(").append(file).append(" cannot be read: ").append(e).append(')');
            }
        }
        return tail.toString();
    }

    /** The release of {@code rulePackage} this node says it runs, from {@code GET /health}. */
    public Optional<JsonNode> release(String rulePackage) {
        for (JsonNode rules : call("GET", "/health", null).json().get("rules")) {
            if (rules.get("rulePackage").asText().equals(rulePackage)) {
                return Optional.of(rules);
            }
        }
        return Optional.empty();
    }

    /** The address of {@code /api/v1<path>} on this node. */
    public URI api(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + "/api/v1" + path);
    }

    /** Calls {@code /api/v1<path>} as the administrator, with HTTP Basic. */
    public Reply admin(String method, String path, String body) {
        return call(method, path, body, "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    /** Calls {@code /api/v1<path>} with a JSON body (or none) and these header names and values. */
    public Reply call(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " on node " + name + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Kills the node's JVM at once (SIGKILL), as a crash or a pulled plug would stop it. */
    public void kill() throws InterruptedException {
        stop(ProcessHandle::destroyForcibly);
    }

    /** Stops the node: its JVM (bin/karaf runs it as a child) and the script, waiting until both have ended. */
    @Override
    public void close() throws InterruptedException {
        if (server != null && server.isAlive() && !stop(ProcessHandle::destroy)) {
            kill();
        }
    }

    private boolean stop(java.util.function.Predicate<ProcessHandle> signal) throws InterruptedException {
        List<ProcessHandle> processes = new ArrayList<>(server.descendants().toList());
        processes.add(server.toHandle());
        processes.forEach(signal::test);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    private static void run(ProcessBuilder command) throws IOException, InterruptedException {
        Process p = command.inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(command.command() + " exited with " + p.exitValue());
        }
    }
}

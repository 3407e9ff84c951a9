package org.rapport.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.rapport.testing.ServerNode;

/**
 * Saved rule file to active release, as an analyst sees it, in the started distribution (Derby
 * embedded, the shipped packages in its {@code rules/} hot folder): a line is appended to a rule
 * file of a package and the release is waited for over REST. The first swap of every package
 * after the server started is measured against the later swaps of the same package in the same
 * run (their median is the baseline): the engine warms what a swap needs when it starts, so the
 * first swap should cost what the others do. The goal: every swap active within 1 s of the save.
 * The server is started {@code -Drapport.bench.starts=N} times (default 2), each start followed
 * by {@code -Drapport.bench.swaps=N} swaps of each package (default 10).
 */
public final class HotSwapBenchmark {

    private static final long GOAL_MILLIS = 1_000;

    private final ServerNode server;
    private final Map<String, List<Double>> firsts = new TreeMap<>();
    private final Map<String, List<Double>> later = new TreeMap<>();
    private int saves;

    private HotSwapBenchmark(ServerNode server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        int starts = Integer.getInteger("rapport.bench.starts", 2);
        int swaps = Integer.getInteger("rapport.bench.swaps", 10);
        Path dir = Files.createTempDirectory("rapport-bench-swap");
        try (ServerNode server = ServerNode.unpack(Distribution.archive(), dir, "bench", null, Map.of())) {
            System.out.printf("Rapport hot swap benchmark: distribution in %s, %d start(s), %d swaps of each package "
                    + "after each, %d cores, Java %s%n%n", dir, starts, swaps, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            HotSwapBenchmark bench = new HotSwapBenchmark(server);
            for (int start = 1; start <= starts; start++) {
                server.start();
                server.awaitUp(Duration.ofMinutes(4));
                bench.swapEveryPackage(swaps);
                server.close();
            }
            bench.report();
        }
    }

    /** The first swap of each package, then the later ones, package after package. */
    private void swapEveryPackage(int swaps) throws IOException, InterruptedException {
        List<String> packages = packages();
        for (String rulePackage : packages) {
            double millis = swap(rulePackage);
            firsts.computeIfAbsent(rulePackage, p -> new ArrayList<>()).add(millis);
            System.out.printf(Locale.ROOT, "%-10s first swap after the start: %6.0f ms%n", rulePackage, millis);
        }
        for (String rulePackage : packages) {
            List<Double> times = later.computeIfAbsent(rulePackage, p -> new ArrayList<>());
            for (int i = 1; i < swaps; i++) {
                times.add(swap(rulePackage));
            }
        }
        System.out.println();
    }

    /** The shipped packages: the hot folder's sub-folders that hold rule files. */
    private List<String> packages() throws IOException {
        try (Stream<Path> folders = Files.list(server.home.resolve("rules"))) {
            return folders.filter(folder -> ruleFile(folder) != null).map(folder -> folder.getFileName().toString())
                    .sorted().toList();
        }
    }

    private static Path ruleFile(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".drl")).sorted().findFirst().orElse(null);
        } catch (IOException notAFolder) {
            return null;
        }
    }

    /** Appends a line to one of the package's rule files and waits for the release that has it: ms after the save. */
    private double swap(String rulePackage) throws IOException, InterruptedException {
        long before = Distribution.activeRelease(server, rulePackage);
        Path file = ruleFile(server.home.resolve("rules").resolve(rulePackage));
        Files.writeString(file, "\n// saved " + (++saves) + "\n", StandardOpenOption.APPEND);
        long saved = System.nanoTime();
        long deadline = saved + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Distribution.activeRelease(server, rulePackage) > before) {
                return (System.nanoTime() - saved) / 1e6;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no new release of " + rulePackage + " within 30 s of the save: "
                + server.admin("GET", "/rules/" + rulePackage, null).body());
    }

    private void report() {
        double slowest = 0;
        for (String rulePackage : firsts.keySet()) {
            List<Double> first = firsts.get(rulePackage);
            Latencies others = Latencies.of(later.get(rulePackage));
            double worst = Math.max(first.stream().mapToDouble(Double::doubleValue).max().orElse(0), others.max());
            slowest = Math.max(slowest, worst);
            System.out.printf(Locale.ROOT, "%-10s first swaps after a start %s ms; later swaps (baseline) p50 %.0f ms, "
                    + "max %.0f ms; first / baseline median %s%n", rulePackage, joined(first), others.p50(),
                    others.max(), joined(first.stream().map(f -> f / others.p50()).toList(), "%.2f"));
        }
        System.out.printf(Locale.ROOT, "%nSlowest swap of all: %.0f ms; every swap within %d ms of the save: %s%n", slowest,
                GOAL_MILLIS, slowest <= GOAL_MILLIS ? "met" : "NOT met");
    }

    private static String joined(List<Double> values) {
        return joined(values, "%.0f");
    }

    private static String joined(List<Double> values, String format) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, format, v)).toList());
    }
}

package org.rapport.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load from Debian's {@code wrk}, a process of its own written in C: a load generator in the
 * benchmark's JVM would compete with the server for the same two cores and understate what the
 * server serves (several times over for small requests). Requests are built by a Lua script
 * (see {@link WrkScripts}); every answer must be a 2xx, or the run fails with wrk's report.
 */
final class Wrk {

    /** What a run measured: requests per second, and the latency's median, 99th percentile and maximum in ms. */
    record Result(double perSecond, double p50, double p99, double max, long requests) {
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern MAX = Pattern.compile("(?m)^[ \\t]+Latency[ \\t]+\\S+[ \\t]+\\S+[ \\t]+([0-9.]+)(us|ms|s)[ \\t]");
    private static final Pattern COUNT = Pattern.compile("(\\d+) requests in ");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses|Socket errors: connect (\\d+), "
            + "read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    /**
     * Runs {@code wrk} against {@code url} for {@code duration} over {@code connections}
     * connections (two wrk threads, or one for one connection), the requests built by {@code script}.
     */
    static Result run(URI url, int connections, Duration duration, String script) throws IOException, InterruptedException {
        Path lua = Files.createTempFile("rapport-bench-", ".lua");
        try {
            Files.writeString(lua, script, StandardCharsets.UTF_8);
            List<String> command = List.of("wrk", "-t", Integer.toString(Math.min(2, connections)),
                    "-c", Integer.toString(connections),
                    "-d", duration.toSeconds() + "s", "--timeout", "10s", "--latency", "-s", lua.toString(), url.toString());
            Process wrk;
            try {
                wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException notInstalled) {
                throw new IllegalStateException("wrk is not installed: apt-get install wrk", notInstalled);
            }
            String report = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (wrk.waitFor() != 0) {
                throw new IllegalStateException("wrk exited with " + wrk.exitValue() + ":\n" + report);
            }
            return parse(report);
        } finally {
            Files.deleteIfExists(lua);
        }
    }

    /** Reads wrk's report; refuses one that counted an error answer or a socket error. */
    static Result parse(String report) {
        Matcher errors = ERRORS.matcher(report);
        while (errors.find()) {
            boolean socketErrors = errors.group(1) != null;
            if (!socketErrors || Long.parseLong(errors.group(1)) + Long.parseLong(errors.group(2))
                    + Long.parseLong(errors.group(3)) + Long.parseLong(errors.group(4)) > 0) {
                throw new IllegalStateException("the load met errors:\n" + report);
            }
        }
        Matcher rate = RATE.matcher(report);
        Matcher count = COUNT.matcher(report);
        if (!rate.find() || !count.find()) {
            throw new IllegalStateException("not a wrk report:\n" + report);
        }
        Matcher max = MAX.matcher(report);
        if (!max.find()) {
            throw new IllegalStateException("no maximum latency in wrk's report:\n" + report);
        }
        return new Result(Double.parseDouble(rate.group(1)), percentile(report, "50"), percentile(report, "99"),
                millis(max.group(1), max.group(2)), Long.parseLong(count.group(1)));
    }

    /** A percentile of wrk's latency distribution ({@code --latency}), in milliseconds. */
    private static double percentile(String report, String percent) {
        Matcher m = Pattern.compile("(?m)^\\s+" + percent + "(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$").matcher(report);
        if (!m.find()) {
            throw new IllegalStateException("no " + percent + "th percentile in wrk's report:\n" + report);
        }
        return millis(m.group(1), m.group(2));
    }

    private static double millis(String number, String unit) {
        double value = Double.parseDouble(number);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> value / 1_000;
            case "s" -> value * 1_000;
            default -> value;
        };
    }
}

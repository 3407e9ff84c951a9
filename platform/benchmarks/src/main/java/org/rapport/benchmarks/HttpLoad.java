package org.rapport.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A load generator: sends requests from several connections at once, each connection taking the
 * next request number until all are sent, and measures throughput and latency.
 */
final class HttpLoad {

    /** What a load run measured. */
    record Result(double perSecond, double p50, double p99) {
    }

    private HttpLoad() {
    }

    /**
     * Sends requests {@code 0..count-1} over {@code connections} connections.
     *
     * @param request the request numbered {@code i}, built for the connection numbered {@code c}
     * @param expected the status every answer must have
     */
    static Result run(HttpClient http, int count, int connections, Request request, int expected) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Double> millis = Collections.synchronizedList(new ArrayList<>(count));
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int connection = c;
                done.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        HttpRequest r = request.build(connection, i);
                        long sent = System.nanoTime();
                        HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
                        millis.add((System.nanoTime() - sent) / 1e6);
                        if (answer.statusCode() != expected) {
                            throw new IllegalStateException(r.uri() + " answered " + answer.statusCode() + ": "
                                    + answer.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies latencies = Latencies.of(millis);
        return new Result(count / seconds, latencies.p50(), latencies.p99());
    }

    /** Sends {@code count} requests that do not depend on their connection. */
    static Result run(HttpClient http, int count, int connections, IntFunction<HttpRequest> request, int expected)
            throws Exception {
        return run(http, count, connections, (c, i) -> request.apply(i), expected);
    }

    /** The request numbered {@code i}, sent from connection {@code connection}. */
    @FunctionalInterface
    interface Request {
        HttpRequest build(int connection, int i);
    }
}

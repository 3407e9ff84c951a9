package org.rapport.benchmarks;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.persistence.EntityManagerFactory;

import org.rapport.events.impl.EventsConfig;
import org.rapport.events.impl.EventsService;
import org.rapport.persistence.DomainEvents;
import org.rapport.persistence.Transactions;
import org.rapport.persistence.impl.DatabaseCluster;

import com.sun.net.httpserver.HttpServer;

/**
 * Event delivery: events recorded through {@code DomainEvents.record} on embedded Derby on disk
 * (transactions of {@value #PER_TRANSACTION}), delivered by the events service to a receiver in
 * this JVM (the JDK's HTTP server on loopback, verifying every signature), against the same signed
 * POSTs sent by a plain {@code HttpClient} loop from as many threads, with no outbox.
 *
 * <p>Two measures: a backlog of {@code rapport.bench.events} (default 50,000) recorded first and
 * then delivered (events/s from the start of delivery to the last receipt); and a steady load of
 * {@code rapport.bench.rate} events/s (default 5,000) for {@code rapport.bench.seconds} (default 10),
 * the lag of each from its commit to its receipt (p50, p99, max). Events spread over
 * {@code rapport.bench.contacts} contacts (default 1,000).
 */
public final class EventsBenchmark {

    private static final int PER_TRANSACTION = 50;
    private static final String TYPE = "purchase.booked";

    /** What the receiver saw: receipts, lags, bad signatures. */
    private static final class Receipts {
        final Map<String, Long> recordedAt = new ConcurrentHashMap<>();
        final List<Double> lags = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger badSignatures = new AtomicInteger();
        final AtomicLong lastAt = new AtomicLong();
        volatile String secret = "";
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // The cluster's and the HTTP client's threads would keep the JVM alive.
        System.exit(0);
    }

    private static void run() throws Exception {
        int events = Integer.getInteger("rapport.bench.events", 50_000);
        int rate = Integer.getInteger("rapport.bench.rate", 5_000);
        int seconds = Integer.getInteger("rapport.bench.seconds", 10);
        int contacts = Integer.getInteger("rapport.bench.contacts", 1_000);
        Path dir = Files.createTempDirectory("rapport-events-bench");
        System.setProperty("karaf.etc", dir.toString());
        Receipts receipts = new Receipts();
        ExecutorService handlers = Executors.newFixedThreadPool(8);
        HttpServer server = receiver(receipts, handlers);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        DerbyOnDisk derby = new DerbyOnDisk(dir, "rapport-rules");
        EntityManagerFactory emf = derby.unit("rapport-contacts");
        EventsConfig config = config();
        int threads = config.connectionsPerSubscription();

        long baselineStart = System.nanoTime();
        baseline(url, events, contacts, threads, receipts);
        double baselineRate = events / ((System.nanoTime() - baselineStart) / 1e9);
        System.out.printf("baseline: %,d signed POSTs from %d threads (HttpClient, no outbox): %,.0f events/s%n", events,
                threads, baselineRate);

        EventsService service = new EventsService(derby.dataSource, new DatabaseCluster(derby.dataSource, "bench",
                Duration.ofSeconds(1), Duration.ofSeconds(30), Clock.systemUTC()), config);
        try {
            receipts.secret = service.subscribe("bench", url, List.of(TYPE), "bench").secret();
            // The backlog: recorded while the service is held off by the lock, then delivered.
            receipts.received.set(0);
            try (var held = new DatabaseCluster(derby.dataSource, "other", Duration.ofSeconds(1), Duration.ofSeconds(30),
                    Clock.systemUTC()).tryLock("events.delivery").orElseThrow()) {
                record(emf, events, contacts, Integer.MAX_VALUE, receipts);
                Thread.sleep(200);
            }
            long start = System.nanoTime();
            await(receipts, events, Duration.ofMinutes(5));
            double backlogRate = events / ((receipts.lastAt.get() - start) / 1e9);
            System.out.printf("delivery: a backlog of %,d events to one subscription (%d connections): %,.0f events/s; "
                    + "%.2f of the baseline%n", events, threads, backlogRate, backlogRate / baselineRate);

            receipts.received.set(0);
            receipts.lags.clear();
            int steady = rate * seconds;
            long loadStart = System.nanoTime();
            record(emf, steady, contacts, rate, receipts);
            double offered = steady / ((System.nanoTime() - loadStart) / 1e9);
            await(receipts, steady, Duration.ofMinutes(5));
            double steadyRate = steady / ((receipts.lastAt.get() - loadStart) / 1e9);
            Latencies lag = Latencies.of(receipts.lags);
            System.out.printf("delivery under a load of %,.0f events/s for %d s: %,.0f events/s delivered, lag from commit "
                    + "to receipt p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", offered, seconds, steadyRate, lag.p50(),
                    lag.p99(), lag.max());
            System.out.printf("signatures refused: %d; load average at the end: %s%n", receipts.badSignatures.get(),
                    Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            service.deactivate();
            server.stop(0);
            handlers.shutdownNow();
            derby.close();
        }
    }

    /** The shipped settings, loopback allowed, as the service reads them. */
    private static EventsConfig config() {
        return (EventsConfig) Proxy.newProxyInstance(EventsConfig.class.getClassLoader(), new Class<?>[] {
            EventsConfig.class}, (proxy, method, arguments) -> switch (method.getName()) {
                case "allowLoopbackTargets" -> true;
                case "annotationType" -> EventsConfig.class;
                default -> method.getDefaultValue();
            });
    }

    /** Records {@code count} events, {@value #PER_TRANSACTION} a transaction, at most {@code rate} a second. */
    private static void record(EntityManagerFactory emf, int count, int contacts, int rate, Receipts receipts)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int done = 0; done < count; done += PER_TRANSACTION) {
            int first = done;
            List<String> ids = new ArrayList<>();
            Transactions.run(emf, em -> {
                for (int i = first; i < Math.min(count, first + PER_TRANSACTION); i++) {
                    ids.add(DomainEvents.record(em, TYPE, i % contacts, Instant.now(), Map.of("contactId", (long) (i
                            % contacts), "orderId", "ORDER-" + i, "amount", "12.50")));
                }
            });
            long committed = System.nanoTime();
            ids.forEach(id -> receipts.recordedAt.put(id, committed));
            long due = start + (long) ((done + PER_TRANSACTION) * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (rate != Integer.MAX_VALUE && wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    /** The same signed POSTs, each body as the service writes them, sent by {@code threads} plain loops. */
    private static void baseline(String url, int count, int contacts, int threads, Receipts receipts) throws Exception {
        receipts.secret = "whsec_baseline";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            loops.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String id = "baseline-" + i;
                    byte[] body = ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/rapport\",\"type\":\""
                            + TYPE + "\",\"time\":\"" + Instant.now() + "\",\"subject\":\"" + i % contacts
                            + "\",\"datacontenttype\":\"application/json\",\"data\":{\"contactId\":" + i % contacts
                            + ",\"orderId\":\"ORDER-" + i + "\",\"amount\":\"12.50\"}}").getBytes(StandardCharsets.UTF_8);
                    long ts = Instant.now().getEpochSecond();
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                            "application/cloudevents+json").header("Rapport-Timestamp", Long.toString(ts))
                            .header("Rapport-Signature", sign(receipts.secret, ts, body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() / 100 != 2) {
                        throw new IllegalStateException("the receiver answered " + r.statusCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : loops) {
            f.get();
        }
        pool.shutdown();
    }

    private static HttpServer receiver(Receipts receipts, ExecutorService handlers) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(handlers);
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long at = System.nanoTime();
            String ts = exchange.getRequestHeaders().getFirst("Rapport-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("Rapport-Signature");
            boolean good = ts != null && signature != null && MessageDigest.isEqual(sign(receipts.secret, Long.parseLong(
                    ts), body).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
            if (!good) {
                receipts.badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            String json = new String(body, StandardCharsets.UTF_8);
            int idAt = json.indexOf("\"id\":\"") + 6;
            Long recorded = receipts.recordedAt.remove(json.substring(idAt, json.indexOf('"', idAt)));
            if (recorded != null) {
                receipts.lags.add((at - recorded) / 1e6);
            }
            receipts.lastAt.accumulateAndGet(at, Math::max);
            receipts.received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void await(Receipts receipts, int count, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (receipts.received.get() < count) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("only " + receipts.received.get() + " of " + count + " events arrived within "
                        + limit);
            }
            Thread.sleep(5);
        }
    }

    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private EventsBenchmark() {
    }
}

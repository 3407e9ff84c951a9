package org.rapport.benchmarks;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.rapport.testing.ServerNode;

import com.sun.net.httpserver.HttpServer;

/**
 * Event delivery in the started distribution (embedded Derby on disk, the events bundle as
 * shipped but for plain HTTP to loopback, which a benchmark's receiver needs): one subscription to
 * {@code purchase.booked} (made over REST, {@code POST /api/v1/event-subscriptions}) delivered to a
 * receiver in this JVM (the JDK's HTTP server on loopback, verifying every signature), against the
 * same signed POSTs sent by a plain {@code HttpClient} loop from as many threads as the
 * subscription's connections, with no outbox.
 *
 * <p>Two measures: a backlog of {@code rapport.bench.events} (default 50,000) events seeded offline
 * into the distribution's outbox table ({@code DOMAIN_EVENT}, as {@code DomainEvents.record} writes
 * them) while it is stopped and delivered once it starts (events/s from the first receipt to the
 * last); and a steady load: purchases booked over REST by {@code wrk} for {@code rapport.bench.seconds}
 * (default 10), each with its {@code purchase.booked} event, delivered while they are booked (events/s,
 * and the lag of each from its booking, the event's {@code time}, to its receipt: p50, p99, max).
 * Events spread over {@code rapport.bench.contacts} contacts (default 1,000).
 */
public final class EventsBenchmark {

    private static final String TYPE = "purchase.booked";
    private static final int JDBC_BATCH = 1000;
    /** The subscription's connections as shipped ({@code connectionsPerSubscription}): the baseline's threads. */
    private static final int CONNECTIONS = 4;

    /** What the receiver saw: receipts, lags, bad signatures. */
    private static final class Receipts {
        final List<Double> lags = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger badSignatures = new AtomicInteger();
        final AtomicLong firstAt = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastAt = new AtomicLong();
        volatile String secret = "";

        void clear() {
            lags.clear();
            received.set(0);
            firstAt.set(Long.MAX_VALUE);
            lastAt.set(0);
        }
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("rapport.bench.events", 50_000);
        int seconds = Integer.getInteger("rapport.bench.seconds", 10);
        int contacts = Integer.getInteger("rapport.bench.contacts", 1_000);
        Receipts receipts = new Receipts();
        ExecutorService handlers = Executors.newFixedThreadPool(8);
        HttpServer receiver = receiver(receipts, handlers);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try (SeededServer server = SeededServer.prepare("events", "1g", Map.of("org.rapport.events.cfg",
                "allowPlainHttp = true\nallowLoopbackTargets = true"))) {
            long baselineStart = System.nanoTime();
            baseline(url, events, contacts, CONNECTIONS, receipts);
            double baselineRate = events / ((System.nanoTime() - baselineStart) / 1e9);
            System.out.printf("baseline: %,d signed POSTs from %d threads (HttpClient, no outbox): %,.0f events/s%n", events,
                    CONNECTIONS, baselineRate);

            server.start();
            ServerNode.Reply subscribed = server.node.admin("POST", "/event-subscriptions", "{\"name\": \"bench\", "
                    + "\"url\": \"" + url + "\", \"types\": [\"" + TYPE + "\"]}");
            if (subscribed.status() != 201) {
                throw new IllegalStateException("no subscription: " + subscribed.status() + " " + subscribed.body());
            }
            receipts.secret = subscribed.json().get("secret").asText();
            String key = Distribution.apiKey(server.node, "contacts:write", "loyalty:write");
            long[] buyers = Distribution.contacts(server.node, key, contacts, "buyer");
            server.stop();

            // The backlog: recorded while no node runs, delivered from the start.
            seed(server.database(), events, buyers);
            receipts.clear();
            server.start();
            await(receipts, events, Duration.ofMinutes(10));
            double backlogRate = (events - 1) / ((receipts.lastAt.get() - receipts.firstAt.get()) / 1e9);
            System.out.printf("delivery: a backlog of %,d events to one subscription (%d connections), first receipt to "
                    + "last: %,.0f events/s; %.2f of the baseline (load average %.1f)%n", events, CONNECTIONS, backlogRate,
                    backlogRate / baselineRate, SeededServer.load());

            receipts.clear();
            long loadStart = System.nanoTime();
            Wrk.Result booked = Wrk.run(server.node.api("/loyalty/purchases"), CONNECTIONS, Duration.ofSeconds(seconds),
                    WrkScripts.purchases(key, buyers, "steady"));
            await(receipts, (int) booked.requests(), Duration.ofMinutes(5));
            double steadyRate = booked.requests() / ((receipts.lastAt.get() - loadStart) / 1e9);
            Latencies lag = Latencies.of(receipts.lags);
            System.out.printf("delivery under a load of %,.0f purchases/s booked over REST for %d s: %,.0f events/s "
                    + "delivered, lag from booking to receipt p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", booked.perSecond(),
                    seconds, steadyRate, lag.p50(), lag.p99(), lag.max());
            System.out.printf("signatures refused: %d; load average at the end: %.1f%n", receipts.badSignatures.get(),
                    SeededServer.load());
        } finally {
            receiver.stop(0);
            handlers.shutdownNow();
        }
    }

    /** Writes {@code count} events into the outbox table as {@code DomainEvents.record} does, in JDBC batches. */
    private static void seed(DataSource db, int count, long[] buyers) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO DOMAIN_EVENT "
                + "(EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, DATA) VALUES (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                long contact = buyers[i % buyers.length];
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, TYPE);
                insert.setLong(3, contact);
                insert.setLong(4, System.currentTimeMillis());
                insert.setString(5, "{\"contactId\":" + contact + ",\"orderId\":\"ORDER-" + i + "\",\"amount\":\"12.50\"}");
                insert.addBatch();
                if ((i + 1) % JDBC_BATCH == 0 || i == count - 1) {
                    insert.executeBatch();
                    c.commit();
                }
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
            int timeAt = json.indexOf("\"time\":\"") + 8;
            long millis = System.currentTimeMillis();
            receipts.lags.add((double) (millis - Instant.parse(json.substring(timeAt, json.indexOf('"', timeAt)))
                    .toEpochMilli()));
            receipts.firstAt.accumulateAndGet(at, Math::min);
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

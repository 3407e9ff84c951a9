package org.rapport.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.rapport.testing.ServerNode;

/**
 * A customer's offers over REST at scale, in the started distribution (embedded Derby on disk, the
 * shipped {@code rules/offers}), against a cheap authenticated read of the same customers in the
 * same run.
 *
 * <p>{@code rapport.bench.contacts} customers (default 1,000,000) are seeded offline
 * ({@link SeededCustomers}: contact, loyalty tier, one to three purchases of one to three lines with
 * SKU and category, one in ten tagged {@code lapsed}). Once the server is started an analyst (a user
 * made by the administrator) defines over REST a catalogue of {@value #CATALOGUE} offers (the five
 * the shipped rules name among them, two of the others inactive, one no longer valid) and the
 * segment {@code lapsed} ({@code tag:lapsed}) the rules read. A sample of {@value #SAMPLE} customers
 * is read first and each must get the offers the shipped rules give them, worked out by hand.
 *
 * <p>Then {@code wrk}, with an API key of scopes {@code offers:read} and {@code contacts:read}, reads
 * customers chosen at random across the whole range, on 1 and then 8 connections, for
 * {@code rapport.bench.seconds} (default 30) each: first the baseline,
 * {@code GET /api/v1/contacts/{id}} (authentication, one indexed read, JSON), then
 * {@code GET /api/v1/contacts/{id}/offers} (the consent gate, the loyalty standing, purchase lines
 * and segments read for the one customer, the rules, the catalogue, the decision ledger when the
 * offers differ from those recorded last), each pair asking for the same customers in the same order.
 * Printed: p50, p99, max and requests/s of each, with the machine's load average. Goal: p99 of the
 * offers under 20 ms at 1M customers. Once the server has stopped, the number of customers whose
 * offers were recorded ({@code OFFER_DECIDED}) tells how many reads wrote to the ledger.
 * {@code -Drapport.bench.heap} sets the server's heap (default 2g).
 */
public final class OffersBenchmark {

    private static final int CUSTOMERS_DEFAULT = 1_000_000;
    private static final int CATALOGUE = 20;
    private static final int SAMPLE = 200;
    private static final String CONTACT = "/api/v1/contacts/%d";
    private static final String OFFERS = "/api/v1/contacts/%d/offers";

    private OffersBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = Integer.getInteger("rapport.bench.contacts", CUSTOMERS_DEFAULT);
        Duration measured = Duration.ofSeconds(Integer.getInteger("rapport.bench.seconds", 30));
        try (SeededServer server = SeededServer.prepare("offers", "2g", Map.of(), "/contacts", "/loyalty/tier-statistics",
                "/offers", "/segments", "/privacy/holds")) {
            System.out.printf(Locale.ROOT, "Rapport offers benchmark: %,d customers, the distribution in %s, %d cores, Java %s "
                    + "(load average %.1f)%n%n", customers, server.home(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), SeededServer.load());
            SeededServer.Timed<Long> lines = SeededServer.timed("Seeding customers, tiers, purchases and their lines",
                    () -> SeededCustomers.seed(server.database(), customers, Instant.now()));
            System.out.printf(Locale.ROOT, "  %,d purchase lines%n", lines.value());
            server.start();
            ServerNode node = server.node;
            String analyst = Distribution.analyst(node);
            catalogue(node, analyst);
            SeededServer.timed("Segment 'lapsed' defined by the analyst (tag:lapsed, its members computed)",
                    () -> Distribution.expect(200, node.call("PUT", "/segments/" + SeededCustomers.LAPSED, "{\"condition\": "
                            + "\"tag:" + SeededCustomers.LAPSED + "\"}", "Authorization", analyst), "the segment"));
            String key = Distribution.apiKey(node, "offers:read", "contacts:read");
            check(node, key, customers);

            long first = SeededCustomers.FIRST_ID;
            Wrk.run(node.api("/contacts"), 1, Duration.ofSeconds(10), WrkScripts.randomContacts(key, CONTACT, first,
                    customers, 1));
            Wrk.run(node.api("/contacts"), 1, Duration.ofSeconds(10), WrkScripts.randomContacts(key, OFFERS, first,
                    customers, 1));
            long offerReads = 0;
            for (int connections : new int[] {1, 8}) {
                Wrk.Result baseline = load(node, measured, connections, WrkScripts.randomContacts(key, CONTACT, first,
                        customers, 1 + connections), "Baseline: a contact read, GET /contacts/{id}");
                Wrk.Result offers = load(node, measured, connections, WrkScripts.randomContacts(key, OFFERS, first,
                        customers, 1 + connections), "A customer's offers, GET /contacts/{id}/offers");
                offerReads += offers.requests();
                System.out.printf(Locale.ROOT, "  on %d connection(s): offers p99 %.2f ms against %.2f ms for the contact "
                        + "read (%.1fx); %.2f of its requests/s; goal p99 under 20 ms: %s%n%n", connections, offers.p99(),
                        baseline.p99(), offers.p99() / baseline.p99(), offers.perSecond() / baseline.perSecond(),
                        offers.p99() < 20 ? "met" : "not met");
            }
            server.stop();
            System.out.printf(Locale.ROOT, "Customers whose offers the ledger recorded (OFFER_DECIDED): %,d, after %,d offer "
                    + "reads under load and the sample's %d (a read writes when a customer's offers differ from those "
                    + "recorded last)%n", decided(server), offerReads, SAMPLE);
        }
    }

    /**
     * The analyst's catalogue: the five offers the shipped rules name, and others a shop would have
     * (no shipped rule names them), two of them inactive and one whose validity has ended.
     */
    private static void catalogue(ServerNode node, String analyst) {
        String[][] offers = {
            {"COFFEE-GRINDER", "The coffee grinder", "cross-sell"},
            {"ESPRESSO-MACHINE", "The espresso machine", "upsell"},
            {"BEANS-SUBSCRIPTION", "Fresh beans every month", "cross-sell"},
            {"BARISTA-COURSE", "A barista course", "upsell"},
            {"COME-BACK-10", "10% to come back", "win-back"},
            {"TEA-SAMPLER", "Twelve teas to try", "cross-sell"},
            {"MUG-PAIR", "Two stoneware mugs", "cross-sell"},
            {"MILK-FROTHER", "The milk frother", "cross-sell"},
            {"DESCALER-PACK", "Descaler, three months", "cross-sell"},
            {"FILTER-STARTER", "Pour-over starter set", "cross-sell"},
            {"KETTLE-GOOSENECK", "The gooseneck kettle", "upsell"},
            {"CHOCOLATE-BOX", "Single-origin chocolate", "cross-sell"},
            {"SYRUP-TRIO", "Three syrups", "cross-sell"},
            {"GRINDER-PRO", "The burr grinder, pro", "upsell"},
            {"MACHINE-SERVICE", "A machine service", "upsell"},
            {"GIFT-CARD-5", "5 on a gift card", "win-back"},
            {"FREE-SHIPPING", "Free shipping for a month", "win-back"},
            {"CUPPING-EVENT", "A cupping evening", "upsell"},
            {"WINTER-BLEND", "The winter blend", "cross-sell"},
            {"SUMMER-COLD-BREW", "The cold brew kit", "cross-sell"}};
        for (int i = 0; i < offers.length; i++) {
            String validity = i == CATALOGUE - 1 ? ", \"validFrom\": \"2025-06-01\", \"validTo\": \"2025-08-31\"" : "";
            boolean active = i != 16 && i != 17;
            ServerNode.Reply defined = node.call("PUT", "/offers/" + offers[i][0], "{\"title\": \"" + offers[i][1]
                    + "\", \"description\": \"" + offers[i][1] + ", for our customers.\", \"kind\": \"" + offers[i][2]
                    + "\", \"active\": " + active + validity + "}", "Authorization", analyst);
            Distribution.expect(201, defined, "offer " + offers[i][0]);
        }
    }

    /**
     * Reads the offers of {@value #SAMPLE} customers chosen at random: each must get, in order,
     * the offers and ranks the shipped rules give them ({@link SeededCustomers#expectedOffers}),
     * personalised; prints how often each offer came.
     */
    private static void check(ServerNode node, String key, int customers) {
        Random random = new Random(5);
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < SAMPLE; i++) {
            long id = SeededCustomers.FIRST_ID + random.nextInt(customers);
            JsonNode answer = Distribution.expect(200, node.call("GET", "/contacts/" + id + "/offers", null, "X-API-Key", key),
                    "offers of " + id).json();
            List<String> got = new ArrayList<>();
            answer.get("offers").forEach(o -> got.add(o.get("code").asText() + ":" + o.get("rank").asInt()));
            List<String> expected = SeededCustomers.expectedOffers(SeededCustomers.customer(id));
            if (!got.equals(expected) || !answer.get("personalised").asBoolean()) {
                throw new IllegalStateException("customer " + id + " got " + answer + ", the rules give " + expected);
            }
            got.forEach(o -> seen.merge(o.substring(0, o.indexOf(':')), 1, Integer::sum));
        }
        if (seen.size() != 5) {
            throw new IllegalStateException("the sample did not meet each of the shipped rules' five offers: " + seen);
        }
        System.out.printf("Checked %d customers' offers against the rules worked out by hand: %s%n%n", SAMPLE, seen);
    }

    private static Wrk.Result load(ServerNode node, Duration measured, int connections, String script, String title)
            throws Exception {
        Wrk.Result result = Wrk.run(node.api("/contacts"), connections, measured, script);
        System.out.printf(Locale.ROOT, "%s, %d connection(s), %,d requests%n  p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
                + "%,.0f requests/s (load average %.1f)%n", title, connections, result.requests(), result.p50(),
                result.p99(), result.max(), result.perSecond(), SeededServer.load());
        return result;
    }

    private static long decided(SeededServer server) throws SQLException {
        try (Connection c = server.database().getConnection(); Statement s = c.createStatement();
                ResultSet count = s.executeQuery("SELECT COUNT(*) FROM OFFER_DECIDED")) {
            count.next();
            return count.getLong(1);
        }
    }
}

package org.rapport.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import javax.sql.DataSource;

/**
 * The customers of {@link OffersBenchmark}, seeded offline in JDBC batches into the tables the
 * product created: each a contact ({@code CONTACT}), a loyalty member with a tier
 * ({@code LOYALTY_MEMBER}), one to three purchases in the last 300 days ({@code LOYALTY_PURCHASE})
 * of one to three lines each, a SKU of a coffee shop's category ({@code LOYALTY_PURCHASE_LINE}), and
 * one in ten tagged {@code lapsed} ({@code CONTACT_TAG}). Each customer is drawn from a generator
 * seeded with their id, so the offers the shipped {@code rules/offers} give any one of them can be
 * worked out again by hand ({@link #expectedOffers}) to check what the server answers.
 */
final class SeededCustomers {

    /** The seeded contacts' ids: far above any contact the server creates itself. */
    static final long FIRST_ID = 10_000_000L;
    static final String LAPSED = "lapsed";

    private static final int JDBC_BATCH = 1000;
    /** A coffee shop's categories, as often bought as they are repeated here, and a unit price of each. */
    private static final String[] CATEGORIES = {"coffee", "coffee", "coffee", "coffee", "coffee", "coffee", "espresso",
        "espresso", "grinders", "tea", "tea", "tea", "mugs", "mugs", "filters", "filters", "chocolate", "chocolate",
        "kettles", "syrups"};
    private static final int[] PRICES = {12, 12, 12, 12, 12, 12, 340, 340, 95, 8, 8, 8, 15, 15, 6, 6, 4, 4, 60, 9};
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};

    private SeededCustomers() {
    }

    /** One line of a purchase. */
    record Line(String sku, String category, int quantity, int unitPrice) {
    }

    /** A seeded customer: tier, lapsed or not, and their purchases' lines. */
    record Customer(long id, String tier, boolean lapsed, List<List<Line>> purchases) {

        /** Spend in whole units: the sum of the purchases' lines. */
        long spend() {
            return purchases.stream().flatMap(List::stream).mapToLong(l -> (long) l.quantity() * l.unitPrice()).sum();
        }

        boolean bought(String category) {
            return purchases.stream().flatMap(List::stream).anyMatch(l -> l.category().equals(category));
        }
    }

    /** Customer {@code id}, the same every time it is asked for. */
    static Customer customer(long id) {
        SplittableRandom random = new SplittableRandom(id);
        int tierDraw = random.nextInt(100);
        String tier = TIERS[tierDraw < 60 ? 0 : tierDraw < 85 ? 1 : tierDraw < 95 ? 2 : 3];
        boolean lapsed = random.nextInt(10) == 0;
        List<List<Line>> purchases = new ArrayList<>();
        for (int p = 1 + random.nextInt(3); p > 0; p--) {
            List<Line> lines = new ArrayList<>();
            for (int l = 1 + random.nextInt(3); l > 0; l--) {
                int c = random.nextInt(CATEGORIES.length);
                lines.add(new Line(CATEGORIES[c].toUpperCase(Locale.ROOT) + "-" + random.nextInt(40), CATEGORIES[c],
                        1 + random.nextInt(2), PRICES[c]));
            }
            purchases.add(lines);
        }
        return new Customer(id, tier, lapsed, purchases);
    }

    /**
     * The offers the shipped {@code rules/offers} (OFF-001 to OFF-005) give the customer, as
     * {@code CODE:rank}, best rank first then by code, as {@code GET /contacts/{id}/offers} lists them.
     */
    static List<String> expectedOffers(Customer c) {
        record Expected(String code, int rank) {
        }
        List<Expected> offers = new ArrayList<>();
        if (c.bought("espresso") && !c.bought("grinders")) {
            offers.add(new Expected("COFFEE-GRINDER", 1));
        }
        if (c.bought("coffee") && !c.bought("espresso")) {
            offers.add(new Expected("ESPRESSO-MACHINE", 2));
        }
        if (c.bought("coffee") && c.purchases().size() >= 3) {
            offers.add(new Expected("BEANS-SUBSCRIPTION", 3));
        }
        if ((c.tier().equals("Gold") || c.tier().equals("Platinum")) && c.spend() >= 500) {
            offers.add(new Expected("BARISTA-COURSE", 1));
        }
        if (c.lapsed()) {
            offers.add(new Expected("COME-BACK-10", 1));
        }
        offers.sort(Comparator.comparingInt(Expected::rank).thenComparing(Expected::code));
        return offers.stream().map(e -> e.code() + ":" + e.rank()).toList();
    }

    /** Seeds {@code customers} customers from {@link #FIRST_ID}: the number of purchase lines written. */
    static long seed(DataSource db, int customers, Instant now) throws SQLException {
        Timestamp joined = ReevaluationByHand.utc(now.minus(Duration.ofDays(800)));
        long entry = 0;
        long lineId = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement contact = c.prepareStatement("INSERT INTO CONTACT (ID, CREATED_AT, EMAIL, FIRST_KEY, "
                    + "FIRST_NAME, LANGUAGE, UPDATED_AT) VALUES (?, ?, ?, ?, ?, 'en', ?)");
                    PreparedStatement tag = c.prepareStatement("INSERT INTO CONTACT_TAG (CONTACT_ID, TAG) VALUES (?, '"
                            + LAPSED + "')");
                    PreparedStatement member = c.prepareStatement("INSERT INTO LOYALTY_MEMBER (CONTACT_ID, BALANCE, "
                            + "JOINED_AT, TIER, TIER_RULE, TIER_PACKAGE, TIER_RELEASE, TIER_SINCE) "
                            + "VALUES (?, 0, ?, ?, 'seeded', 'loyalty', 1, ?)");
                    PreparedStatement purchase = c.prepareStatement("INSERT INTO LOYALTY_PURCHASE (ENTRY_ID, CONTACT_ID, "
                            + "EVENT_ID, AMOUNT, CURRENCY, CHANNEL, OCCURRED_AT) VALUES (?, ?, ?, ?, 'EUR', 'web', ?)");
                    PreparedStatement line = c.prepareStatement("INSERT INTO LOYALTY_PURCHASE_LINE (ID, ENTRY_ID, LINE_NO, "
                            + "CONTACT_ID, SKU, CATEGORY, QUANTITY, UNIT_PRICE) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < customers; i++) {
                    Customer customer = customer(FIRST_ID + i);
                    long id = customer.id();
                    contact.setLong(1, id);
                    contact.setTimestamp(2, joined);
                    contact.setString(3, "customer" + i + "@bench.example");
                    contact.setString(4, "customer" + i);
                    contact.setString(5, "Customer" + i);
                    contact.setTimestamp(6, joined);
                    contact.addBatch();
                    if (customer.lapsed()) {
                        tag.setLong(1, id);
                        tag.addBatch();
                    }
                    member.setLong(1, id);
                    member.setTimestamp(2, joined);
                    member.setString(3, customer.tier());
                    member.setTimestamp(4, joined);
                    member.addBatch();
                    int day = 0;
                    for (List<Line> lines : customer.purchases()) {
                        entry++;
                        day += 1 + (int) (entry % 90);
                        purchase.setLong(1, entry);
                        purchase.setLong(2, id);
                        purchase.setString(3, "seed-" + entry);
                        purchase.setBigDecimal(4, BigDecimal.valueOf(lines.stream()
                                .mapToLong(l -> (long) l.quantity() * l.unitPrice()).sum()));
                        purchase.setTimestamp(5, ReevaluationByHand.utc(now.minus(Duration.ofDays(day))));
                        purchase.addBatch();
                        for (int n = 0; n < lines.size(); n++) {
                            Line l = lines.get(n);
                            line.setLong(1, ++lineId);
                            line.setLong(2, entry);
                            line.setInt(3, n);
                            line.setLong(4, id);
                            line.setString(5, l.sku());
                            line.setString(6, l.category());
                            line.setInt(7, l.quantity());
                            line.setBigDecimal(8, BigDecimal.valueOf(l.unitPrice()));
                            line.addBatch();
                        }
                    }
                    if ((i + 1) % JDBC_BATCH == 0 || i == customers - 1) {
                        SeededServer.commitBatches(c, contact, tag, member, purchase, line);
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (FIRST_ID + customers + 1) + " WHERE NAME = 'CONTACT'");
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (entry + 1) + " WHERE NAME = 'LOYALTY_ENTRY'");
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (lineId + 1) + " WHERE NAME = 'LOYALTY_PURCHASE_LINE'");
                // The statistics a long-running database would have: the server plans its reads with them.
                for (String table : List.of("CONTACT", "CONTACT_TAG", "LOYALTY_MEMBER", "LOYALTY_PURCHASE",
                        "LOYALTY_PURCHASE_LINE")) {
                    s.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('APP', '" + table + "', NULL)");
                }
            }
            c.commit();
        }
        return lineId;
    }
}

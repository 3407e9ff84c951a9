package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import javax.ws.rs.core.SecurityContext;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.rest.PurchaseBulkResource;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Purchases as NDJSON: each line booked, replayed or refused on its own, on Derby with the real rules engine. */
@Category(UsesDatabase.class)
public class PurchaseBulkTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private LoyaltyServiceImpl loyalty;
    private PurchaseBulkResource bulk;
    private ContactServiceImpl contacts;
    private long ada;

    @Before
    public void setUp() {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, new JpaDecisionLedger(db.emf("rapport-rules")),
                contacts, clock, "EUR", 24);
        bulk = new PurchaseBulkResource(loyalty, contacts);
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        LoyaltyServiceImplTest.deployTestRules(engine);
    }

    @Test
    public void eachLineIsBookedReplayedOrRefusedOnItsOwnWithItsNumberAndNothingPartial() throws Exception {
        String a = "{\"contactId\": " + ada;
        String ndjson = String.join("\n",
                a + ", \"eventId\": \"B-1\", \"amount\": 12.50, \"channel\": \"web\"}",
                "",
                a + ", \"eventId\": \"B-1\", \"amount\": 12.50, \"channel\": \"web\"}",
                a + ", \"eventId\": \"B-1\", \"amount\": 99}",
                "{\"contactId\": ",
                a + ", \"eventId\": \"B-2\", \"amount\": 1, \"colour\": \"red\"}",
                "{\"contactId\": 999999, \"eventId\": \"B-3\", \"amount\": 1}",
                a + ", \"eventId\": \"B-4\", \"amount\": -5}",
                "[1, 2]",
                a + ", \"eventId\": \"B-5\", \"amount\": \"30.00\", \"occurredAt\": \"2026-02-27T09:00:00Z\"}\r",
                a + ", \"eventId\": \"B-6\", \"amount\": 1, \"occurredAt\": \"2027-01-01T00:00:00Z\"}",
                a + ", \"eventId\": \"" + "x".repeat(9000) + "\", \"amount\": 1}") + "\n";
        List<JsonNode> results = send(ndjson);
        assertEquals(12, results.size());
        assertEquals(List.of("1 booked B-1", "3 replayed B-1", "4 refused eventId", "5 refused body", "6 refused colour",
                "7 refused contactId", "8 refused amount", "9 refused body", "10 booked B-5", "11 refused occurredAt",
                "12 refused body"), results.subList(0, 11).stream().map(r -> r.get("line").asInt() + " "
                        + r.get("result").asText() + " " + (r.get("result").asText().equals("refused")
                                ? r.get("field").asText() : r.get("eventId").asText())).toList());
        assertTrue(results.get(0).get("points").asLong() > 0);
        assertEquals(results.get(0).get("entryId"), results.get(1).get("entryId"));
        assertTrue(results.get(2).get("reason").asText(), results.get(2).get("reason").asText().contains(
                "recorded before with different content"));
        assertTrue(results.get(3).get("reason").asText().startsWith("not JSON"));
        assertTrue(results.get(5).get("reason").asText(), results.get(5).get("reason").asText().contains("999999"));
        assertTrue(results.get(10).get("reason").asText().contains("longer than 8192"));
        assertEquals("{\"lines\":12,\"booked\":2,\"replayed\":1,\"refused\":8}", results.get(11).get("summary").toString());
        assertEquals("the two booked, nothing of the refused lines", 2, loyalty.ledger(ada, 10).size());
        assertEquals(results.get(0).get("points").asLong() + results.get(8).get("points").asLong(),
                loyalty.member(ada).orElseThrow().balance());
    }

    @Test
    public void pagesAreBookedTogetherAndALineThatCannotBeIsRefusedAloneWithItsNeighboursBooked() throws Exception {
        long[] buyers = new long[12];
        buyers[0] = ada;
        for (int b = 1; b < buyers.length; b++) {
            buyers[b] = contacts.create(new NewContact("buyer" + b + "@example.com", "Buyer", "No" + b)).id();
        }
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 1_203; i++) {
            long buyer = buyers[i % buyers.length];
            lines.add(switch (i) {
                // In the second page: the first line's event id with other content, then a line of that page again.
                case 700 -> "{\"contactId\": " + buyers[1] + ", \"eventId\": \"P-1\", \"amount\": 99}";
                case 701 -> "{\"contactId\": " + ada + ", \"eventId\": \"P-600\", \"amount\": 600}";
                // In the third page, which books together: a line of the same page again.
                case 1_100 -> "{\"contactId\": " + buyers[1_050 % buyers.length] + ", \"eventId\": \"P-1050\", \"amount\": 1050}";
                default -> "{\"contactId\": " + buyer + ", \"eventId\": \"P-" + i + "\", \"amount\": " + i + "}";
            });
        }
        String ndjson = String.join("\n", lines) + "\n";
        List<JsonNode> first = send(ndjson);
        assertEquals(1_204, first.size());
        assertEquals("{\"lines\":1203,\"booked\":1200,\"replayed\":2,\"refused\":1}",
                first.get(1_203).get("summary").toString());
        for (int i = 0; i < 1_203; i++) {
            JsonNode r = first.get(i);
            assertEquals("results in the lines' order", i + 1, r.get("line").asInt());
            String expected = i + 1 == 700 ? "refused" : i + 1 == 701 || i + 1 == 1_100 ? "replayed" : "booked";
            assertEquals("line " + (i + 1), expected, r.get("result").asText());
        }
        assertTrue(first.get(699).get("reason").asText().contains("recorded before with different content"));
        assertEquals(first.get(599).get("entryId"), first.get(700).get("entryId"));
        assertEquals(first.get(1_049).get("entryId"), first.get(1_099).get("entryId"));
        long points = first.stream().filter(r -> "booked".equals(r.path("result").asText()))
                .mapToLong(r -> r.get("points").asLong()).sum();
        assertTrue(points > 0);
        assertEquals("each booked line once, nothing of the refused one", 1_200, entries(buyers));
        assertEquals(points, balances(buyers));

        List<JsonNode> again = send(ndjson);
        assertEquals("{\"lines\":1203,\"booked\":0,\"replayed\":1202,\"refused\":1}",
                again.get(1_203).get("summary").toString());
        for (int i = 0; i < 1_203; i++) {
            if (i + 1 != 700) {
                assertEquals(first.get(i).get("entryId"), again.get(i).get("entryId"));
            }
        }
        assertEquals(1_200, entries(buyers));
        assertEquals(points, balances(buyers));
    }

    @Test
    public void aBatchCarriesEachMembersActivityFromOnePurchaseToTheNextAsPurchasesBookedOneByOneRead() {
        long twin = contacts.create(new NewContact("twin@example.com", "Twin", "Lovelace")).id();
        long other = contacts.create(new NewContact("other@example.com", "Other", "Person")).id();
        for (long buyer : new long[] {ada, twin}) {
            // History before the batch: one purchase within the year, one older, whose points do not count.
            loyalty.recordPurchase(new PurchaseEvent(buyer, "old-" + buyer, new BigDecimal("300.00"), null, "web", null,
                    Instant.parse("2025-01-10T10:00:00Z"), List.of()), "t");
            loyalty.recordPurchase(new PurchaseEvent(buyer, "year-" + buyer, new BigDecimal("500.00"), null, null, null,
                    Instant.parse("2025-12-01T10:00:00Z"), List.of()), "t");
        }
        String[] amounts = {"120.00", "99.90", "400.00", "3.10", "650.00", "75.00"};
        List<PurchaseEvent> batch = new ArrayList<>();
        List<PurchaseResult> oneByOne = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            Instant at = i == 2 ? Instant.parse("2025-02-01T10:00:00Z") : null;
            batch.add(new PurchaseEvent(ada, "A-" + i, new BigDecimal(amounts[i]), null, i % 2 == 0 ? "web" : "store", null,
                    at, List.of()));
            batch.add(new PurchaseEvent(other, "O-" + i, new BigDecimal("10.00"), null, null, null, null, List.of()));
            oneByOne.add(loyalty.recordPurchase(new PurchaseEvent(twin, "T-" + i, new BigDecimal(amounts[i]), null,
                    i % 2 == 0 ? "web" : "store", null, at, List.of()), "t"));
        }
        List<PurchaseResult> together = loyalty.recordPurchases(batch, "t");
        for (int i = 0; i < amounts.length; i++) {
            Member a = together.get(2 * i).member();
            Member t = oneByOne.get(i).member();
            assertEquals("purchase " + i, List.of(t.qualifyingPoints(), t.spendLast12Months(), t.purchasesLast12Months(),
                    t.tier(), t.balance(), t.expiring()), List.of(a.qualifyingPoints(), a.spendLast12Months(),
                    a.purchasesLast12Months(), a.tier(), a.balance(), a.expiring()));
        }
        assertEquals("Silver", together.get(2 * (amounts.length - 1)).member().tier());
        assertEquals(loyalty.member(twin).orElseThrow().qualifyingPoints(), loyalty.member(ada).orElseThrow()
                .qualifyingPoints());
        assertEquals(6, together.get(together.size() - 1).member().purchasesLast12Months());
    }

    @Test
    public void thePurchasesBookedBeforeAreFoundAmongMoreSourcesThanOneStatementTakes() {
        loyalty.recordPurchase(new PurchaseEvent(ada, "S-1", new BigDecimal("10"), null, null, null, null, List.of()), "t");
        loyalty.recordPurchase(new PurchaseEvent(ada, "S-2", new BigDecimal("20"), null, null, null, null, List.of()), "t");
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 1_030; i++) {
            sources.add("purchase:X-" + i);
        }
        sources.set(3, "purchase:S-1");
        sources.set(1_029, "purchase:S-2");
        EntityManager em = db.emf("rapport-loyalty").createEntityManager();
        try {
            assertEquals(Set.of("purchase:S-1", "purchase:S-2"), Indexed.bookedSources(em, sources));
            assertEquals(Set.of("purchase:S-2"), Indexed.bookedSources(em, sources.subList(1_000, 1_030)));
            assertEquals(Set.of(), Indexed.bookedSources(em, sources.subList(4, 1_029)));
            assertEquals(Set.of(), Indexed.bookedSources(em, List.of()));
        } finally {
            em.close();
        }
    }

    private long entries(long[] buyers) {
        return Arrays.stream(buyers).map(b -> loyalty.ledger(b, 2_000).size()).sum();
    }

    private long balances(long[] buyers) {
        return Arrays.stream(buyers).map(b -> loyalty.member(b).orElseThrow().balance()).sum();
    }

    private List<JsonNode> send(String ndjson) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bulk.book(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), agent()).write(out);
        List<JsonNode> results = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            results.add(json.readTree(line));
        }
        return results;
    }

    private static SecurityContext agent() {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> "till";
            }

            @Override
            public boolean isUserInRole(String role) {
                return true;
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public String getAuthenticationScheme() {
                return "BASIC";
            }
        };
    }
}

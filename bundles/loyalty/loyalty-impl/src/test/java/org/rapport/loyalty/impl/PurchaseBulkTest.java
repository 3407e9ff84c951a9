package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.ws.rs.core.SecurityContext;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
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
    private long ada;

    @Before
    public void setUp() {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bulk.book(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), agent()).write(out);

        List<JsonNode> results = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            results.add(json.readTree(line));
        }
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

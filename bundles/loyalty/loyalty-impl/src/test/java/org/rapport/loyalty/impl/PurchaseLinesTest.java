package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.core.SecurityContext;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseHistory;
import org.rapport.loyalty.api.PurchaseLine;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.rest.PurchaseBulkResource;
import org.rapport.rest.ApiException;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** A purchase's lines: stored with it, refused by index and field, read as a history, erased with the contact. */
@Category(UsesDatabase.class)
public class PurchaseLinesTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private LoyaltyServiceImpl loyalty;
    private ContactServiceImpl contacts;
    private long ada;

    @Before
    public void setUp() {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, new JpaDecisionLedger(db.emf("rapport-rules")),
                contacts, clock, "EUR", 24);
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        LoyaltyServiceImplTest.deployTestRules(engine);
    }

    private PurchaseEvent purchase(String eventId, PurchaseLine... lines) {
        return new PurchaseEvent(ada, eventId, new BigDecimal("260.00"), "EUR", "web", "Coffee", null, List.of(lines));
    }

    @Test
    public void linesAreStoredReadAsHistoryRefusedByIndexAndFieldAndErasedWithTheContact() throws Exception {
        PurchaseLine beans = new PurchaseLine("BEANS-1", "Coffee", 2, new BigDecimal("5.5"));
        PurchaseLine mill = new PurchaseLine(" MILL-7 ", "Grinders", 1, new BigDecimal("249.00"));
        loyalty.recordPurchase(purchase("L-1", beans, mill), "till");
        assertTrue("the same lines again are a replay", loyalty.recordPurchase(purchase("L-1", beans, mill), "till")
                .replayed());
        LoyaltyException other = assertThrows(LoyaltyException.class, () -> loyalty.recordPurchase(purchase("L-1", beans),
                "till"));
        assertEquals(LoyaltyException.SOURCE_CONFLICT, other.code());

        PurchaseHistory history = loyalty.purchaseHistory(ada);
        assertEquals(Set.of("coffee", "grinders"), history.categories());
        assertEquals(Set.of("BEANS-1", "MILL-7"), history.skus());
        assertEquals(2, history.lines());
        assertEquals(0, loyalty.purchaseHistory(ada + 1000).lines());

        IllegalArgumentException quantity = assertThrows(IllegalArgumentException.class, () -> loyalty.recordPurchase(
                purchase("L-2", beans, new PurchaseLine("X", null, 0, BigDecimal.ONE)), "till"));
        assertTrue(quantity.getMessage(), quantity.getMessage().startsWith("lines[1].quantity must be from 1"));
        assertEquals("lines[1].quantity", ApiException.refused(quantity).fields().get(0).field());
        IllegalArgumentException sku = assertThrows(IllegalArgumentException.class, () -> loyalty.recordPurchase(
                purchase("L-2", new PurchaseLine(" ", null, 1, BigDecimal.ONE)), "till"));
        assertEquals("lines[0].sku is required", sku.getMessage());
        IllegalArgumentException price = assertThrows(IllegalArgumentException.class, () -> loyalty.recordPurchase(
                purchase("L-2", new PurchaseLine("X", null, 1, new BigDecimal("1.005"))), "till"));
        assertEquals("lines[0].unitPrice", ApiException.refused(price).fields().get(0).field());
        assertEquals("nothing of a refused purchase is stored", 1, loyalty.ledger(ada, 10).size());

        String a = "{\"contactId\": " + ada + ", \"amount\": 10, \"eventId\": ";
        String ndjson = a + "\"B-1\", \"lines\": [{\"sku\": \"CUP-2\", \"category\": \"Cups\", \"quantity\": 4, "
                + "\"unitPrice\": 2.50}]}\n" + a + "\"B-2\", \"lines\": [{\"sku\": \"CUP-2\", \"quantity\": 1, "
                + "\"unitPrice\": 1}, {\"sku\": \"CUP-3\", \"quantity\": \"two\", \"unitPrice\": 1}]}\n"
                + a + "\"B-3\", \"lines\": [{\"sku\": \"CUP-2\", \"colour\": \"red\"}]}\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PurchaseBulkResource(loyalty, contacts).book(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)),
                agent()).write(out);
        String results = out.toString(StandardCharsets.UTF_8);
        assertTrue(results, results.contains("\"result\":\"booked\",\"eventId\":\"B-1\""));
        assertTrue(results, results.contains("\"field\":\"lines[1].quantity\""));
        assertTrue(results, results.contains("\"field\":\"lines[0].colour\""));
        assertEquals(Set.of("coffee", "grinders", "cups"), loyalty.purchaseHistory(ada).categories());

        LoyaltyErasure erasure = new LoyaltyErasure(db.emf("rapport-loyalty"), loyalty);
        assertEquals(3, ((List<?>) erasure.export(ada).get("purchaseLines")).size());
        String erased = erasure.erase(ada);
        assertTrue(erased, erased.contains("3 purchase line(s) deleted"));
        assertEquals("the lines are gone, the purchases' own category stays", Set.of("coffee"),
                loyalty.purchaseHistory(ada).categories());
        assertEquals(Set.of(), loyalty.purchaseHistory(ada).skus());
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

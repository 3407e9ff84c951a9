package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** purchase.booked and tier.changed are recorded in the booking's transaction, on Derby with the real rules engine. */
@Category(UsesDatabase.class)
public class LoyaltyEventsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private DroolsRulesEngine engine;
    private LoyaltyServiceImpl loyalty;
    private long ada;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, new JpaDecisionLedger(db.emf("rapport-rules")),
                contacts, clock, "EUR", 24);
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        LoyaltyServiceImplTest.deployTestRules(engine);
    }

    @Test
    public void aBookingRecordsItsEventsInItsTransactionAndARolledBackOneNone() throws SQLException {
        long entry = book("ORDER-1", "400.00").entry().id();
        assertTrue("booked again: no second event", book("ORDER-1", "400.00").replayed());
        clock.advance(Duration.ofDays(1));
        book("ORDER-2", "800.00");

        List<String> rows = rows();
        assertEquals(List.of(
                "purchase.booked|" + ada + "|{\"contactId\":" + ada + ",\"orderId\":\"ORDER-1\",\"entryId\":" + entry
                        + ",\"points\":400,\"amount\":\"400.00\",\"currency\":\"EUR\",\"category\":\"shoes\","
                        + "\"channel\":\"in-person\",\"occurredAt\":\"2026-03-01T10:00:00Z\"}",
                "tier.changed|" + ada + "|{\"contactId\":" + ada + ",\"fromTier\":null,\"toTier\":\"Bronze\","
                        + "\"rule\":\"T-1 Bronze for new members\",\"release\":\"loyalty v1\"}"),
                rows.subList(0, 2));
        assertEquals(4, rows.size());
        assertTrue(rows.get(3), rows.get(3).startsWith("tier.changed|" + ada + "|{\"contactId\":" + ada
                + ",\"fromTier\":\"Bronze\",\"toTier\":\"Silver\",\"rule\":\"T-2 Silver from 1,000\""));

        // Tier rules that fail after the purchase was booked and its event recorded: all of it rolls back.
        engine.deploy("loyalty", Map.of("tiers.drl", "package rapport.loyalty.test;\n"
                + "import org.rapport.loyalty.facts.MemberActivity;\n"
                + "import org.rapport.loyalty.facts.LoyaltyDecisions;\n"
                + "global org.rapport.rules.api.Decisions decisions;\n"
                + "rule \"T-9 no tier named\"\nwhen\n    $m : MemberActivity( )\nthen\n"
                + "    decisions.decide(LoyaltyDecisions.SET_TIER, $m.getContactId());\nend\n",
                "earning.drl", LoyaltyServiceImplTest.resource("/earning-test.drl")), "broken tiers", "tester");
        assertThrows(IllegalStateException.class, () -> book("ORDER-3", "50.00"));
        assertEquals("no event of the purchase that rolled back", rows, rows());
        assertEquals("nor of its entry", 2, loyalty.ledger(ada, 10).size());
    }

    private org.rapport.loyalty.api.PurchaseResult book(String order, String amount) {
        return loyalty.recordPurchase(new PurchaseEvent(ada, order, new BigDecimal(amount), "EUR", "store", "shoes",
                null), "till");
    }

    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select TYPE, CONTACT_ID, DATA from DOMAIN_EVENT where TYPE in "
                        + "('purchase.booked', 'tier.changed') order by ID")) {
            while (r.next()) {
                rows.add(r.getString(1) + "|" + r.getLong(2) + "|" + r.getString(3));
            }
        }
        return rows;
    }
}

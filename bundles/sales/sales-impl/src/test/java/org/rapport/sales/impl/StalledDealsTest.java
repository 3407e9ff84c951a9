package org.rapport.sales.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.sales.api.NewOpportunity;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.StalledDeal;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** Stalled deals decided by the shipped rules/sales/stalled.drl, flagged by the check and cleared by activity, on Derby. */
@Category(UsesDatabase.class)
public class StalledDealsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-sales", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private Opportunity open(SalesFixture f, Contact contact, String stage, String owner) {
        return f.sales.open(new NewOpportunity("Deal of " + contact.firstName(), contact.id(), new BigDecimal("1000"),
                "EUR", stage, LocalDate.parse("2026-06-30"), owner, null), "agent1");
    }

    private static List<Long> stalled(SalesFixture f, String owner) {
        return f.sales.stalledDeals(owner, 0, 50).stream().map(s -> s.opportunity().id()).toList();
    }

    @Test
    public void idleDealsAreFlaggedWithTheirRuleAndClearedWhenActivityResumes() {
        SalesFixture f = new SalesFixture(db, Map.of());
        f.deployShippedRules();
        Contact ada = f.contacts.create(new NewContact("ada@acme.example", "Ada", null));
        Contact bob = f.contacts.create(new NewContact("bob@acme.example", "Bob", null));
        Opportunity proposal = open(f, ada, "proposal", "agent1");
        Opportunity negotiation = open(f, bob, "negotiation", "agent2");
        Opportunity won = open(f, bob, "proposal", "agent2");
        f.sales.moveStage(won.id(), "won", "signed", null, "agent2");

        assertEquals(0, f.sales.checkStalledDeals());
        f.clock.advance(Duration.ofDays(20));
        assertEquals("a deal in negotiation stalls after 14 days", 1, f.sales.checkStalledDeals());
        StalledDeal deal = f.sales.stalledDeals(null, 0, 10).get(0);
        assertEquals(negotiation.id(), deal.opportunity().id());
        assertEquals("STALL-002 A deal in negotiation without activity for 14 days is stalled", deal.rule());
        assertEquals(1, deal.release());
        assertEquals(f.clock.instant(), deal.since());
        List<LedgerEntry> why = f.ledger.about("opportunity:" + negotiation.id(), 10);
        assertEquals(1, why.size());
        assertTrue(why.get(0).facts(), why.get(0).facts().contains("idle 20 days"));

        f.clock.advance(Duration.ofDays(11));
        assertEquals(2, f.sales.checkStalledDeals());
        assertEquals(List.of(negotiation.id(), proposal.id()), stalled(f, null));
        assertEquals(List.of(proposal.id()), stalled(f, "agent1"));
        assertEquals(1, f.sales.countStalledDeals("agent2"));
        assertEquals("flagged once, recorded once", 1, f.ledger.about("opportunity:" + negotiation.id(), 10).size());

        // Ada calls: her deal is active again at the next check. Bob's deal moves: cleared at once.
        f.interactions.record(ada.id(), new NewInteraction("phone", "inbound", "call", null, null, null), "agent1");
        f.sales.moveStage(negotiation.id(), "proposal", null, "send the new terms", "agent2");
        assertEquals(List.of(proposal.id()), stalled(f, null));
        assertEquals(0, f.sales.checkStalledDeals());
        assertTrue(stalled(f, null).isEmpty());
    }
}

package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Merge;
import org.rapport.contacts.api.MergePreview;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactMergerImpl;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Two contacts merged with the real merger: points, qualifying points and purchases move, and move back on undo. */
@Category(UsesDatabase.class)
public class LoyaltyMergeTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private LoyaltyServiceImpl loyalty;
    private ContactMergerImpl merger;
    private ContactServiceImpl contacts;
    private long ada;
    private long augusta;

    @Before
    public void setUp() {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        LoyaltyFixture.deployTestRules(engine);
        ContactPropertiesImpl properties = new ContactPropertiesImpl(db.emf("rapport-contacts"), clock);
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"), properties, clock);
        JpaDecisionLedger decisions = new JpaDecisionLedger(db.emf("rapport-rules"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, decisions, contacts, clock, "EUR", 24);
        merger = new ContactMergerImpl(db.emf("rapport-contacts"), properties, clock);
        merger.addParticipant(new LoyaltyMerge(db.emf("rapport-loyalty"), engine, decisions, clock));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        augusta = contacts.create(new NewContact("augusta@example.org", "Augusta", "King")).id();
    }

    private void buy(long contact, String eventId, String amount) {
        loyalty.recordPurchase(new PurchaseEvent(contact, eventId, new BigDecimal(amount), "EUR", "store", null, null),
                "till");
    }

    @Test
    public void pointsAndQualifyingActivityMoveToTheSurvivorAndBack() {
        buy(augusta, "A-1", "500.00");
        clock.advance(Duration.ofDays(1));
        buy(ada, "E-1", "600.00");
        assertEquals("Bronze", loyalty.member(ada).orElseThrow().tier());

        MergePreview preview = merger.preview(ada, augusta, Map.of());
        assertEquals("500 point(s) (the first expiring on 2028-03-01) and 500 qualifying point(s) of the last year move "
                + "to member " + ada + "; both tiers are decided again", preview.participants().get("loyalty"));
        Merge merge = merger.merge(ada, augusta, Map.of(), "agent");
        assertTrue(merge.outcomes().get("loyalty"), merge.outcomes().get("loyalty").startsWith("500 point(s) and 500 "
                + "qualifying point(s) moved"));

        assertEquals(1100, loyalty.member(ada).orElseThrow().balance());
        assertEquals("the activity of both records counts", "Silver", loyalty.member(ada).orElseThrow().tier());
        assertEquals(0, loyalty.member(augusta).orElseThrow().balance());
        PointsEntry in = loyalty.ledger(ada, 10).get(0);
        assertEquals(EntryKind.TRANSFER, in.kind());
        assertEquals(500, in.points());
        assertTrue(in.lines().toString(), in.lines().stream().anyMatch(l -> l.points() == 500
                && LocalDate.parse("2028-03-01").equals(l.expiresOn())));
        assertEquals(EntryKind.TRANSFER, loyalty.ledger(augusta, 10).get(0).kind());
        assertTrue(loyalty.reconcile().problems().toString(), loyalty.reconcile().reconciles());
        try {
            loyalty.reverse(in.id(), "mistake", "agent");
            throw new AssertionError("a transfer was reversed");
        } catch (LoyaltyException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("undo the merge instead"));
        }

        // Purchases for the merged contact go to the survivor; a replay of its old one is recognised.
        clock.advance(Duration.ofDays(1));
        buy(augusta, "A-2", "100.00");
        assertEquals(1200, loyalty.member(ada).orElseThrow().balance());
        assertTrue(loyalty.recordPurchase(new PurchaseEvent(augusta, "A-1", new BigDecimal("500.00"), "EUR", "store", null,
                null), "till").replayed());
        // Spent since the merge: the soonest-expiring points first, which are the merged ones.
        loyalty.adjust(ada, -300, "goodwill taken back", "R-1", "agent");

        merger.undo(merge.id(), "agent");
        assertEquals("what the survivor spent stays spent", 200, loyalty.member(augusta).orElseThrow().balance());
        assertEquals(700, loyalty.member(ada).orElseThrow().balance());
        assertTrue(loyalty.reconcile().problems().toString(), loyalty.reconcile().reconciles());
        List<PointsEntry> back = loyalty.ledger(augusta, 10);
        assertEquals(EntryKind.TRANSFER, back.get(0).kind());
        assertEquals(500, back.get(0).qualifyingPoints());
        assertEquals(200, back.get(0).points());
        assertTrue(loyalty.recordPurchase(new PurchaseEvent(augusta, "A-1", new BigDecimal("500.00"), "EUR", "store", null,
                null), "till").replayed());
        // Undone twice: nothing more moves.
        new LoyaltyMerge(db.emf("rapport-loyalty"), null, null, clock).undo(merge.id(), ada, augusta, "", "agent");
        assertEquals(200, loyalty.member(augusta).orElseThrow().balance());
    }

    @Test
    public void aContactWithoutMembershipMergesWithNothingToMove() {
        buy(ada, "E-1", "50.00");
        Merge merge = merger.merge(augusta, ada, Map.of(), "agent");
        assertEquals(50, loyalty.member(augusta).orElseThrow().balance());
        assertEquals("the survivor's anniversary year is the merged member's",
                loyalty.member(ada).orElseThrow().joinedAt(), loyalty.member(augusta).orElseThrow().joinedAt());
        assertTrue(merge.outcomes().get("loyalty"), merge.outcomes().get("loyalty").startsWith("50 point(s)"));
        long cy = contacts.create(new NewContact("cy@example.com", "Cy", "Young")).id();
        Merge nothing = merger.merge(augusta, cy, Map.of(), "agent");
        assertEquals("the merged contact was not a loyalty member", nothing.outcomes().get("loyalty"));
        assertEquals(50, loyalty.member(augusta).orElseThrow().balance());
    }
}

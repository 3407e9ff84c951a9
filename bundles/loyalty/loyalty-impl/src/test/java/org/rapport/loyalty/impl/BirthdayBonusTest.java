package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** A birthday bonus from a contact's date of birth, credited at most once a year by the ledger. */
@Category(UsesDatabase.class)
public class BirthdayBonusTest {

    private static final String EARNING = """
            package rapport.loyalty.test;
            import org.rapport.loyalty.facts.Purchase;
            import org.rapport.loyalty.facts.LoyaltyDecisions;
            global org.rapport.rules.api.Decisions decisions;

            rule "E-1 a qualifying point per unit"
            when
                $p : Purchase( wholeUnits >= 1 )
            then
                decisions.decide(LoyaltyDecisions.EARN, $p.getContactId())
                        .with(LoyaltyDecisions.POINTS, $p.getWholeUnits()).with(LoyaltyDecisions.QUALIFYING, true);
            end

            rule "E-9 birthday bonus"
            when
                $p : Purchase( birthdayMonth )
            then
                decisions.decide(LoyaltyDecisions.EARN, $p.getContactId()).with(LoyaltyDecisions.POINTS, 200)
                        .with(LoyaltyDecisions.ONCE, "%s");
            end
            """;

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2027-06-01T10:00:00Z"));
    private DroolsRulesEngine engine;
    private LoyaltyServiceImpl loyalty;
    private long ada;
    private long bob;
    private int events;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        ContactPropertiesImpl properties = new ContactPropertiesImpl(db.emf("rapport-contacts"), clock);
        properties.define(new PropertyDefinition("born", "Date of birth", PropertyType.DATE));
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"), properties, clock);
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, new JpaDecisionLedger(db.emf("rapport-rules")),
                contacts, clock, "EUR", 24, "born");
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace", null, null, null, Set.of(), null, null,
                null, Map.of("born", "1990-04-23"))).id();
        bob = contacts.create(new NewContact("bob@example.com", "Bob", "Byron")).id();
    }

    private void deploy(String once) {
        engine.deploy("loyalty", Map.of("earning.drl", String.format(EARNING, once)), "test", "tester");
    }

    private PurchaseResult buy(long contact, String day) {
        return loyalty.recordPurchase(new PurchaseEvent(contact, "B-" + ++events, new BigDecimal("40.00"), "EUR", "store",
                null, Instant.parse(day + "T12:00:00Z")), "till");
    }

    @Test
    public void theBonusIsCreditedOnceInTheBirthdayMonthOfEachYear() {
        deploy("year");
        PurchaseResult first = buy(ada, "2026-04-02");
        assertEquals(240, first.entry().points());
        assertEquals(40, buy(ada, "2026-04-30").entry().points());
        assertEquals("not the birthday month", 40, buy(ada, "2026-05-01").entry().points());
        assertEquals("a year later, again", 240, buy(ada, "2027-04-23").entry().points());
        assertEquals("no date of birth, no bonus", 40, buy(bob, "2026-04-02").entry().points());

        // The purchase that earned it is reversed: the bonus is there to be earned again that year.
        loyalty.reverse(first.entry().id(), "returned", "agent");
        assertEquals(240, buy(ada, "2026-04-29").entry().points());
        assertTrue(loyalty.reconcile().problems().toString(), loyalty.reconcile().reconciles());
    }

    @Test
    public void aPeriodOtherThanYearOrMonthIsRefusedNamingTheRule() {
        deploy("week");
        IllegalStateException e = assertThrows("an unknown period was accepted", IllegalStateException.class,
                () -> buy(ada, "2026-04-02"));
        assertEquals("rule \"E-9 birthday bonus\" decided loyalty.earn with 'once' = 'week'; it is year or month",
                e.getMessage());
        assertEquals(0, loyalty.ledger(ada, 10).size());
    }
}

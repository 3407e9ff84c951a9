package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class LoyaltyFactSourceTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    @Test
    public void everyMemberComesOnceWithTheLastTwelveMonthsOfActivity() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-10T09:00:00Z"));
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        LoyaltyFixture.deployTestRules(engine);
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        LoyaltyServiceImpl loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine,
                new JpaDecisionLedger(db.emf("rapport-rules")), contacts, clock, "EUR", 24);
        long old = contacts.create(new NewContact("old@example.com", "Old", null)).id();
        long a = contacts.create(new NewContact("a@example.com", "A", null)).id();
        long b = contacts.create(new NewContact("b@example.com", "B", null)).id();
        buy(loyalty, old, "5000");
        clock.advance(Duration.ofDays(400));
        buy(loyalty, a, "100");
        buy(loyalty, a, "50.50");
        buy(loyalty, b, "2000");

        List<List<?>> batches = new ArrayList<>();
        new LoyaltyFactSource(db.emf("rapport-loyalty"), clock, TierConsent.none()).forEachBatch(2, batches::add);

        assertEquals(2, batches.size());
        List<String> seen = new ArrayList<>();
        batches.forEach(batch -> batch.forEach(f -> seen.add(f.toString())));
        assertEquals(List.of(
                new MemberActivity(old, 0, 0, new BigDecimal("0.00"), 0, "Gold", 13, 0).toString(),
                new MemberActivity(a, 150, 150, new BigDecimal("150.50"), 2, "Bronze", 0, 0).toString(),
                new MemberActivity(b, 2000, 2000, new BigDecimal("2000.00"), 1, "Silver", 0, 0).toString()), seen);
    }

    private static void buy(LoyaltyServiceImpl loyalty, long contact, String amount) {
        loyalty.recordPurchase(new PurchaseEvent(contact, "P-" + contact + "-" + amount, new BigDecimal(amount), "EUR",
                null, null, null), "tester");
    }
}

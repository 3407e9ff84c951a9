package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.TestPersistence;

public class LoyaltyFactSourceTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    @Test
    public void everyMemberComesOnceWithTheLastTwelveMonthsOfActivity() throws IOException {
        LoyaltyServiceImplTest.MutableClock clock = new LoyaltyServiceImplTest.MutableClock(Instant.parse("2025-01-10T09:00:00Z"));
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        try (InputStream in = getClass().getResourceAsStream("/tiers-test.drl")) {
            engine.deploy("loyalty", Map.of("tiers.drl", new String(in.readAllBytes(), StandardCharsets.UTF_8)), "test", "tester");
        }
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        LoyaltyServiceImpl loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine,
                new JpaDecisionLedger(db.emf("rapport-rules")), contacts, clock);
        long old = contacts.create(new NewContact("old@example.com", "Old", null)).id();
        long a = contacts.create(new NewContact("a@example.com", "A", null)).id();
        long b = contacts.create(new NewContact("b@example.com", "B", null)).id();
        loyalty.recordPurchase(old, new BigDecimal("5000"));
        clock.advance(Duration.ofDays(400));
        loyalty.recordPurchase(a, new BigDecimal("100"));
        loyalty.recordPurchase(a, new BigDecimal("50.50"));
        loyalty.recordPurchase(b, new BigDecimal("2000"));

        List<List<?>> batches = new ArrayList<>();
        new LoyaltyFactSource(db.emf("rapport-loyalty"), clock).forEachBatch(2, batches::add);

        assertEquals(2, batches.size());
        List<String> seen = new ArrayList<>();
        batches.forEach(batch -> batch.forEach(f -> seen.add(f.toString())));
        assertEquals(List.of(
                new MemberActivity(old, new BigDecimal("0.00"), 0, "Silver").toString(),
                new MemberActivity(a, new BigDecimal("150.50"), 2, "Bronze").toString(),
                new MemberActivity(b, new BigDecimal("2000.00"), 1, "Silver").toString()), seen);
    }
}

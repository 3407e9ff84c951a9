package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;

/**
 * What the ledger's tests stand on: a real Derby database and the real rules engine, a member
 * (Ada), purchases and the refusals they expect.
 */
abstract class LoyaltyFixture {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    DroolsRulesEngine engine;
    ContactServiceImpl contacts;
    LoyaltyServiceImpl loyalty;
    JpaDecisionLedger decisions;
    long ada;
    int events;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        decisions = new JpaDecisionLedger(db.emf("rapport-rules"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, decisions, contacts, clock, "EUR", 24);
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    /** Loyalty on the test rules, on the units of {@code db}, at 1 March 2026: for tests without the fixture's setup. */
    static LoyaltyServiceImpl onTestRules(TestPersistence db, ContactServiceImpl contacts) {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        deployTestRules(engine);
        return new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, new JpaDecisionLedger(db.emf("rapport-rules")),
                contacts, new MutableClock(Instant.parse("2026-03-01T10:00:00Z")), "EUR", 24);
    }

    static void deployTestRules(DroolsRulesEngine engine) {
        engine.deploy("loyalty", Map.of("tiers.drl", resource("/tiers-test.drl"), "earning.drl",
                resource("/earning-test.drl")), "test", "tester");
    }

    static String resource(String name) {
        try (InputStream in = LoyaltyFixture.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    PurchaseResult buy(long contact, String amount, String channel) {
        return loyalty.recordPurchase(new PurchaseEvent(contact, "E-" + ++events, new BigDecimal(amount), "EUR", channel,
                null, null), "tester");
    }

    static void expectLoyaltyRefusal(Runnable call, String code, String message) {
        LoyaltyException e = assertThrows("expected refusal " + code + ": " + message, LoyaltyException.class, call::run);
        assertEquals(e.getMessage(), code, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains(message));
    }

    static void expectRefused(Runnable call, String message) {
        IllegalArgumentException e = assertThrows("expected refusal: " + message, IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage(), e.getMessage().contains(message));
    }
}

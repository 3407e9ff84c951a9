package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.MemberStatus;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.testing.TestPersistence;

public class LoyaltyServiceImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private DroolsRulesEngine engine;
    private ContactServiceImpl contacts;
    private LoyaltyServiceImpl loyalty;
    private JpaDecisionLedger ledger;
    private long ada;

    @Before
    public void setUp() throws IOException {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        ledger = new JpaDecisionLedger(db.emf("rapport-rules"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, ledger, contacts, clock);
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    private void deployTestRules() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/tiers-test.drl")) {
            engine.deploy("loyalty", Map.of("tiers.drl", new String(in.readAllBytes(), StandardCharsets.UTF_8)), "test", "tester");
        }
    }

    @Test
    public void aPurchaseIsStoredAndTheRulesDecideTheTier() throws IOException {
        deployTestRules();

        MemberStatus afterFirst = loyalty.recordPurchase(ada, new BigDecimal("400.00"));
        clock.advance(Duration.ofDays(1));
        MemberStatus afterSecond = loyalty.recordPurchase(ada, new BigDecimal("800"));

        assertEquals("Bronze", afterFirst.tier());
        assertEquals(new BigDecimal("1200.00"), afterSecond.spendLast12Months());
        assertEquals(2, afterSecond.purchasesLast12Months());
        assertEquals("Silver", afterSecond.tier());
        assertEquals("T-2 Silver from 1,000", afterSecond.tierRule());
        assertEquals("loyalty v1", afterSecond.tierRelease());
        assertEquals(clock.instant(), afterSecond.tierSince());
        MemberStatus read = loyalty.member(ada).orElseThrow();
        assertEquals("Silver", read.tier());
        assertEquals(new BigDecimal("1200.00"), read.spendLast12Months());

        java.util.List<LedgerEntry> why = ledger.about(Long.toString(ada), 10);
        assertEquals(2, why.size());
        assertEquals("Silver", why.get(0).decision().attribute("tier"));
        assertEquals("T-2 Silver from 1,000", why.get(0).decision().rule());
        assertEquals(1, why.get(0).decision().release());
        assertTrue(why.get(0).facts(), why.get(0).facts().contains("spend 1200.00"));
        assertEquals("Bronze", why.get(1).decision().attribute("tier"));
    }

    @Test
    public void onlyTheLastTwelveMonthsCount() throws IOException {
        deployTestRules();
        loyalty.recordPurchase(ada, new BigDecimal("1500"));
        Instant silverSince = loyalty.member(ada).orElseThrow().tierSince();

        clock.advance(Duration.ofDays(366));
        MemberStatus later = loyalty.recordPurchase(ada, new BigDecimal("10"));

        assertEquals(new BigDecimal("10.00"), later.spendLast12Months());
        assertEquals("Bronze", later.tier());
        assertTrue(later.tierSince().isAfter(silverSince));
    }

    @Test
    public void nothingIsStoredWhenTheRulesCannotDecide() {
        try {
            loyalty.recordPurchase(ada, new BigDecimal("1200"));
            fail("without an active loyalty release the purchase must be refused");
        } catch (RulesUnavailableException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("loyalty"));
        }
        assertFalse(loyalty.member(ada).isPresent());
        assertEquals(0, ledger.about(Long.toString(ada), 10).size());
    }

    @Test
    public void refusesUnknownContactsAndBadAmounts() throws IOException {
        deployTestRules();
        expectRefused(() -> loyalty.recordPurchase(ada + 999, BigDecimal.TEN), "contact " + (ada + 999) + " does not exist");
        expectRefused(() -> loyalty.recordPurchase(ada, new BigDecimal("-5")), "amount must be positive");
        expectRefused(() -> loyalty.recordPurchase(ada, new BigDecimal("1.005")), "more than two decimals");
        assertFalse(loyalty.member(ada).isPresent());
    }

    private static void expectRefused(Runnable call, String message) {
        try {
            call.run();
            fail("expected refusal: " + message);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

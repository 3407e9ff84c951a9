package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.api.Spending;
import org.rapport.loyalty.api.Reward;
import org.rapport.loyalty.api.TierChange;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.loyalty.api.TierStatistics;
import java.time.YearMonth;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The points ledger against a real Derby database and the real rules engine: purchases, tiers, statistics, reconciliation. */
@Category(UsesDatabase.class)
public class LoyaltyServiceImplTest extends LoyaltyFixture {

    @Test
    public void purchaseDetailsAreARetentionCategoryWhosePointsStay() {
        deployTestRules(engine);
        PurchaseResult web = loyalty.recordPurchase(new PurchaseEvent(ada, "WEB-1", new BigDecimal("50.00"), "EUR", "web",
                "books", null), "till");
        PurchaseResult store = buy(ada, "20.00", "store");
        clock.advance(Duration.ofDays(2000));
        PurchaseDataRetention retention = new PurchaseDataRetention(db.emf("rapport-loyalty"), clock);

        List<org.rapport.privacy.facts.StoredRecord> records = new java.util.ArrayList<>();
        retention.forEachBatch(1, records::addAll);

        assertEquals(List.of(web.entry().id(), store.entry().id()),
                records.stream().map(org.rapport.privacy.facts.StoredRecord::getRecordId).toList());
        assertEquals(List.of("web", "store"), records.stream().map(org.rapport.privacy.facts.StoredRecord::getChannel).toList());
        assertEquals(2000, records.get(0).getAgeDays());
        long balance = loyalty.member(ada).orElseThrow().balance();

        assertEquals(1, retention.anonymize(List.of(web.entry().id())));
        assertEquals("anonymising twice changes nothing", 0, retention.anonymize(List.of(web.entry().id())));
        assertEquals(1, retention.delete(List.of(store.entry().id())));

        List<Object[]> left = Transactions.read(db.emf("rapport-loyalty"), em -> em.createQuery(
                "select p.entryId, p.channel, p.category, p.amount from PurchaseEntity p", Object[].class).getResultList());
        assertEquals(1, left.size());
        assertNull(left.get(0)[1]);
        assertNull(left.get(0)[2]);
        assertEquals(new BigDecimal("50.00"), left.get(0)[3]);
        assertEquals("the points stay", balance, loyalty.member(ada).orElseThrow().balance());
        assertTrue(loyalty.reconcile().problems().toString(), loyalty.reconcile().reconciles());
        assertTrue("a purchase whose details were deleted is still booked once",
                loyalty.recordPurchase(new PurchaseEvent(ada, "E-" + events, new BigDecimal("20.00"), "EUR", "store",
                        null, null), "till").replayed());
    }

    @Test
    public void tierStatisticsCountMembersByTierAndTheirMovesByMonth() {
        deployTestRules(engine);
        long grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
        long alan = contacts.create(new NewContact("alan@example.com", "Alan", "Turing")).id();
        buy(ada, "400.00", "store");     // March: Ada placed in Bronze
        buy(grace, "400.00", "store");   // March: Grace placed in Bronze
        clock.advance(Duration.ofDays(31));
        buy(ada, "800.00", "store");     // April: Ada Bronze -> Silver
        buy(alan, "1200.00", "store");   // April: Alan placed in Silver

        TierStatistics stats = loyalty.tierStatistics(YearMonth.of(2026, 3), YearMonth.of(2026, 4));

        assertEquals(Map.of("Bronze", 1L, "Silver", 2L), stats.members());
        assertEquals(0, stats.withoutTier());
        assertEquals(List.of(
                new TierStatistics.Movement(YearMonth.of(2026, 3), null, "Bronze", 2),
                new TierStatistics.Movement(YearMonth.of(2026, 4), "Bronze", "Silver", 1),
                new TierStatistics.Movement(YearMonth.of(2026, 4), null, "Silver", 1)), stats.movements());
        assertEquals("April alone", 2, loyalty.tierStatistics(YearMonth.of(2026, 4), YearMonth.of(2026, 4))
                .movements().size());
        assertEquals("before any purchase", List.of(), loyalty.tierStatistics(YearMonth.of(2026, 1),
                YearMonth.of(2026, 2)).movements());
    }

    @Test
    public void purchasesRecordedTogetherAreBookedAsOneByOneInOneTransactionAllOrNone() {
        deployTestRules(engine);
        long grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();

        List<PurchaseResult> results = loyalty.recordPurchases(List.of(
                new PurchaseEvent(ada, "E-1", new BigDecimal("400.00"), "EUR", "store", null, null),
                new PurchaseEvent(grace, "G-1", new BigDecimal("50.00"), "EUR", "store", null, null),
                new PurchaseEvent(ada, "E-2", new BigDecimal("800.00"), "EUR", "store", null, null),
                new PurchaseEvent(ada, "E-2", new BigDecimal("800.00"), "EUR", "store", null, null)), "till");

        assertEquals(List.of(false, false, false, true), results.stream().map(PurchaseResult::replayed).toList());
        assertEquals("the second purchase's tier counts the first, booked in the same transaction", "Silver",
                results.get(2).member().tier());
        assertEquals(1200, loyalty.member(ada).orElseThrow().qualifyingPoints());
        assertEquals(2, loyalty.ledger(ada, 10).size());

        LoyaltyException conflict = assertThrows(LoyaltyException.class, () -> loyalty.recordPurchases(List.of(
                new PurchaseEvent(grace, "G-2", new BigDecimal("10.00"), "EUR", "store", null, null),
                new PurchaseEvent(ada, "E-1", new BigDecimal("20.00"), "EUR", "store", null, null)), "till"));
        assertEquals(LoyaltyException.SOURCE_CONFLICT, conflict.code());
        assertEquals("nothing of a batch with a refused purchase is booked", 1, loyalty.ledger(grace, 10).size());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> loyalty.recordPurchases(
                List.of(new PurchaseEvent(grace, "G-3", new BigDecimal("10.00"), "EUR", "store", null, null),
                        new PurchaseEvent(grace, "G-4", new BigDecimal("10.00"), "USD", "store", null, null)), "till"));
        assertTrue(invalid.getMessage(), invalid.getMessage().startsWith("currency USD"));
        assertEquals(1, loyalty.ledger(grace, 10).size());
    }

    @Test
    public void aPurchaseEarnsThePointsTheRulesDecideAndTheTierFollowsQualifyingPoints() {
        deployTestRules(engine);

        PurchaseResult first = buy(ada, "400.00", "store");
        clock.advance(Duration.ofDays(1));
        PurchaseResult second = buy(ada, "800.90", "web");

        assertEquals("Bronze", first.member().tier());
        PointsEntry entry = second.entry();
        assertEquals(EntryKind.EARN, entry.kind());
        assertEquals(880, entry.points());
        assertEquals(800, entry.qualifyingPoints());
        assertEquals("purchase:E-2", entry.source());
        assertEquals(List.of("member 800 true E-1 a qualifying point per unit", "member 80 false E-2 web bonus of 10%",
                "programme:issued -880 false null"),
                entry.lines().stream().map(l -> l.account() + " " + l.points() + " " + l.qualifying() + " " + l.rule()).toList());
        assertEquals("loyalty v1", entry.lines().get(0).release());
        assertEquals(LocalDate.parse("2028-03-02"), entry.lines().get(0).expiresOn());
        assertEquals("the entry answered is the one the ledger holds", entry, loyalty.entry(entry.id()).orElseThrow());

        Member member = second.member();
        assertEquals(1280, member.balance());
        assertEquals(1200, member.qualifyingPoints());
        assertEquals(new BigDecimal("1200.90"), member.spendLast12Months());
        assertEquals(2, member.purchasesLast12Months());
        assertEquals("Silver", member.tier());
        assertEquals("T-2 Silver from 1,000", member.tierRule());
        assertEquals("loyalty v1", member.tierRelease());
        assertEquals(clock.instant(), member.tierSince());
        assertEquals(List.of(new Member.Expiring(LocalDate.parse("2028-03-01"), 400),
                new Member.Expiring(LocalDate.parse("2028-03-02"), 880)), member.expiring());
        assertEquals(member, loyalty.member(ada).orElseThrow());

        List<TierChange> tiers = loyalty.tierHistory(ada);
        assertEquals(List.of("Bronze->Silver", "null->Bronze"), tiers.stream().map(t -> t.fromTier() + "->" + t.toTier()).toList());
        assertTrue(tiers.get(0).activity(), tiers.get(0).activity().contains("qualifying points 1200"));
        // The decision ledger explains the tier and every line of points.
        List<String> why = decisions.about(Long.toString(ada), 10).stream().map(e -> e.decision().type() + " "
                + e.decision().rule()).toList();
        assertEquals(List.of("loyalty.set-tier T-2 Silver from 1,000", "loyalty.earn E-2 web bonus of 10%",
                "loyalty.earn E-1 a qualifying point per unit", "loyalty.set-tier T-1 Bronze for new members",
                "loyalty.earn E-1 a qualifying point per unit"), why);
        assertTrue(loyalty.reconcile().problems().toString(), loyalty.reconcile().reconciles());
    }

    @Test
    public void spendingIsTheTierSpendAndPurchasesOfTheStandingWithoutReversedOrOldPurchases() {
        deployTestRules(engine);
        assertEquals("no purchase, no member", Optional.empty(), loyalty.spending(ada));

        buy(ada, "400.00", "store");
        clock.advance(Duration.ofDays(200));
        PurchaseResult returned = buy(ada, "300.00", "store");
        clock.advance(Duration.ofDays(1));
        buy(ada, "800.90", "web");
        loyalty.reverse(returned.entry().id(), "returned", "agent");
        clock.advance(Duration.ofDays(170));

        Member member = loyalty.member(ada).orElseThrow();
        Spending spending = loyalty.spending(ada).orElseThrow();
        assertEquals("the first purchase is over a year old, the second was reversed",
                new Spending(ada, member.tier(), new BigDecimal("800.90"), 1), spending);
        assertEquals(member.spendLast12Months(), spending.spendLast12Months());
        assertEquals(member.purchasesLast12Months(), spending.purchasesLast12Months());
        assertNotNull(spending.tier());
    }

    @Test
    public void theSamePurchaseSentTwiceEarnsOnceAndADifferentOneUnderItsIdIsRefused() {
        deployTestRules(engine);
        PurchaseEvent order = new PurchaseEvent(ada, "ORDER-7", new BigDecimal("250.00"), "EUR", "web", "books",
                Instant.parse("2026-02-28T12:00:00Z"));

        PurchaseResult first = loyalty.recordPurchase(order, "shop");
        PurchaseResult again = loyalty.recordPurchase(order, "shop");

        assertFalse(first.replayed());
        assertTrue(again.replayed());
        assertEquals(first.entry(), again.entry());
        assertEquals(275, loyalty.member(ada).orElseThrow().balance());
        assertEquals(1, loyalty.ledger(ada, 10).size());
        LoyaltyException e = assertThrows("another purchase under a recorded event id must be refused",
                LoyaltyException.class, () -> loyalty.recordPurchase(
                        new PurchaseEvent(ada, "ORDER-7", new BigDecimal("25.00"), "EUR", "web", "books", null), "shop"));
        assertEquals(LoyaltyException.SOURCE_CONFLICT, e.code());
        assertEquals("eventId", e.field());
        assertTrue(e.getMessage(), e.getMessage().contains("ORDER-7"));
        assertEquals(275, loyalty.member(ada).orElseThrow().balance());
    }

    @Test
    public void aMemberBelowTheirTierKeepsItThroughTheGracePeriodThenMovesDown() {
        deployTestRules(engine);
        TierReevaluationImpl reevaluation = TierReevaluationTest.onRunner(db, engine, decisions, clock, 100);
        buy(ada, "1500", "store");
        assertEquals("Silver", loyalty.member(ada).orElseThrow().tier());

        // A year and a month later the points have left the window: at risk, still Silver.
        clock.advance(Duration.ofDays(396));
        buy(ada, "20", "store");
        Member atRisk = loyalty.member(ada).orElseThrow();
        assertEquals("Silver", atRisk.tier());
        assertEquals(20, atRisk.qualifyingPoints());
        assertEquals(clock.instant(), atRisk.atRiskSince());

        clock.advance(Duration.ofDays(60));
        TierReevaluationTest.runToEnd(reevaluation, "tester");
        assertEquals("two months in: still Silver", "Silver", loyalty.member(ada).orElseThrow().tier());

        clock.advance(Duration.ofDays(32));
        TierReevaluationTest.runToEnd(reevaluation, "tester");
        Member down = loyalty.member(ada).orElseThrow();
        assertEquals("Bronze", down.tier());
        assertEquals("T-9 down to Bronze after 3 months at risk", down.tierRule());
        assertNull(down.atRiskSince());
        assertEquals("Silver->Bronze", loyalty.tierHistory(ada).stream().map(t -> t.fromTier() + "->" + t.toTier())
                .findFirst().orElseThrow());
    }

    @Test
    public void recoveringDuringTheGracePeriodEndsIt() {
        deployTestRules(engine);
        buy(ada, "1500", "store");
        clock.advance(Duration.ofDays(396));
        buy(ada, "20", "store");
        assertNotNull(loyalty.member(ada).orElseThrow().atRiskSince());

        clock.advance(Duration.ofDays(30));
        buy(ada, "1000", "store");

        Member member = loyalty.member(ada).orElseThrow();
        assertEquals("Silver", member.tier());
        assertNull(member.atRiskSince());
    }

    /**
     * Eight threads book purchases (each sent twice, from different threads), redemptions and
     * debits for the same two members at once: every event is booked once, no redemption
     * overdraws, and the ledger reconciles.
     */
    @Test
    public void theLedgerHoldsItsInvariantsUnderConcurrentLoad() throws Exception {
        deployTestRules(engine);
        loyalty.saveReward(new Reward("GIFT", "A gift", 70, null, true));
        long bob = contacts.create(new NewContact("bob@example.com", "Bob", null)).id();
        long[] who = {ada, bob};
        int threads = 8;
        int rounds = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger redeemed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int r = 0; r < rounds; r++) {
                    long member = who[r % 2];
                    // Threads t and t+4 send the same purchase ids: each must earn once.
                    String event = "C-" + (thread % 4) + "-" + r;
                    loyalty.recordPurchase(new PurchaseEvent(member, event, new BigDecimal("50"), "EUR", "store", null,
                            null), "thread " + thread);
                    try {
                        loyalty.redeem(member, "GIFT", "R-" + thread + "-" + r, "thread " + thread);
                        redeemed.incrementAndGet();
                    } catch (LoyaltyException e) {
                        assertEquals(LoyaltyException.INSUFFICIENT_POINTS, e.code());
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : work) {
            f.get(3, java.util.concurrent.TimeUnit.MINUTES);
        }
        pool.shutdown();

        var reconciliation = loyalty.reconcile();
        assertEquals(reconciliation.problems().toString(), List.of(), reconciliation.problems());
        long earned = 4 * rounds * 50;
        assertEquals(threads * rounds, redeemed.get() + refused.get());
        assertEquals(earned - 70L * redeemed.get(), reconciliation.pointsOutstanding());
        long purchases = loyalty.ledger(ada, 1000).stream().filter(e -> e.kind() == EntryKind.EARN).count()
                + loyalty.ledger(bob, 1000).stream().filter(e -> e.kind() == EntryKind.EARN).count();
        assertEquals(4 * rounds, purchases);
        assertTrue(loyalty.member(ada).orElseThrow().balance() >= 0);
        assertTrue(loyalty.member(bob).orElseThrow().balance() >= 0);
    }

    @Test
    public void nothingIsStoredWhenTheRulesCannotDecide() {
        RulesUnavailableException expected = assertThrows(
                "without an active loyalty release the purchase must be refused", RulesUnavailableException.class,
                () -> buy(ada, "1200", "store"));
        assertTrue(expected.getMessage(), expected.getMessage().contains("loyalty"));
        assertFalse(loyalty.member(ada).isPresent());
        assertEquals(0, loyalty.ledger(ada, 10).size());
        assertEquals(0, decisions.about(Long.toString(ada), 10).size());
    }

    @Test
    public void refusesUnknownContactsAndBadPurchases() {
        deployTestRules(engine);
        expectRefused(() -> buy(ada + 999, "10", null), "contact " + (ada + 999) + " does not exist");
        expectRefused(() -> buy(ada, "-5", null), "amount must be positive");
        expectRefused(() -> buy(ada, "1.005", null), "more than two decimals");
        expectRefused(() -> loyalty.recordPurchase(new PurchaseEvent(ada, "X-1", BigDecimal.TEN, "USD", null, null, null),
                "t"), "currency USD is not the programme's currency EUR");
        expectRefused(() -> loyalty.recordPurchase(new PurchaseEvent(ada, " ", BigDecimal.TEN, "EUR", null, null, null),
                "t"), "eventId is required");
        expectRefused(() -> loyalty.recordPurchase(new PurchaseEvent(ada, "X-2", BigDecimal.TEN, "EUR", null, null,
                clock.instant().plus(Duration.ofHours(1))), "t"), "is in the future");
        assertFalse(loyalty.member(ada).isPresent());
    }

    @Test
    public void reconciliationFindsABalanceThatDoesNotMatchTheLedger() {
        deployTestRules(engine);
        buy(ada, "300", "store");
        Transactions.run(db.emf("rapport-loyalty"), em -> em.createNativeQuery(
                "UPDATE LOYALTY_MEMBER SET BALANCE = 999 WHERE CONTACT_ID = " + ada).executeUpdate());

        List<String> problems = loyalty.reconcile().problems();

        assertEquals(List.of("member " + ada + ": balance 999 but ledger lines sum to 300"), problems);
    }
}

package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.api.Reward;
import org.rapport.loyalty.api.TierChange;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.loyalty.api.TierStatistics;
import java.time.YearMonth;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The points ledger against a real Derby database and the real rules engine. */
@Category(UsesDatabase.class)
public class LoyaltyServiceImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private DroolsRulesEngine engine;
    private ContactServiceImpl contacts;
    private LoyaltyServiceImpl loyalty;
    private JpaDecisionLedger decisions;
    private long ada;
    private int events;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        decisions = new JpaDecisionLedger(db.emf("rapport-rules"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, decisions, contacts, clock, "EUR", 24);
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    static void deployTestRules(DroolsRulesEngine engine) {
        engine.deploy("loyalty", Map.of("tiers.drl", resource("/tiers-test.drl"), "earning.drl",
                resource("/earning-test.drl")), "test", "tester");
    }

    static String resource(String name) {
        try (InputStream in = LoyaltyServiceImplTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private PurchaseResult buy(long contact, String amount, String channel) {
        return loyalty.recordPurchase(new PurchaseEvent(contact, "E-" + ++events, new BigDecimal(amount), "EUR", channel,
                null, null), "tester");
    }

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
    public void redemptionsSpendTheOldestPointsAndNeverOverdraw() {
        deployTestRules(engine);
        loyalty.saveReward(new Reward("coffee", "A coffee", 300, 2, true));
        buy(ada, "400", "store");
        clock.advance(Duration.ofDays(40));
        buy(ada, "250", "store");

        PointsEntry redeemed = loyalty.redeem(ada, "COFFEE", "R-1", "agent");

        assertEquals(EntryKind.REDEEM, redeemed.kind());
        assertEquals(-300, redeemed.points());
        assertEquals("COFFEE", redeemed.reward());
        assertEquals(List.of("member -300", "programme:redeemed 300"),
                redeemed.lines().stream().map(l -> l.account() + " " + l.points()).toList());
        Member member = loyalty.member(ada).orElseThrow();
        assertEquals(350, member.balance());
        // The 400 earned first lost 300; the 250 earned later are untouched.
        assertEquals(List.of(100L, 250L), member.expiring().stream().map(Member.Expiring::points).toList());
        assertEquals(Integer.valueOf(1), loyalty.rewards().get(0).stock());
        assertEquals("the same request is booked once", redeemed, loyalty.redeem(ada, "COFFEE", "R-1", "agent"));

        loyalty.redeem(ada, "COFFEE", "R-2", "agent");
        expectLoyaltyRefusal(() -> loyalty.redeem(ada, "COFFEE", "R-3", "agent"), LoyaltyException.REWARD_UNAVAILABLE,
                "out of stock");
        loyalty.saveReward(new Reward("SPA", "A day at the spa", 5000, null, true));
        expectLoyaltyRefusal(() -> loyalty.redeem(ada, "SPA", "R-4", "agent"), LoyaltyException.INSUFFICIENT_POINTS,
                "costs 5000 points; member " + ada + " has 50");
        expectLoyaltyRefusal(() -> loyalty.redeem(ada, "NOPE", "R-5", "agent"), LoyaltyException.REWARD_UNAVAILABLE,
                "no reward NOPE");
        assertEquals(50, loyalty.member(ada).orElseThrow().balance());
        assertEquals(4, loyalty.ledger(ada, 10).size());
        assertTrue(loyalty.reconcile().reconciles());
    }

    @Test
    public void pointsExpireOldestFirstOnTheirDayAndOnlyOnce() {
        deployTestRules(engine);
        buy(ada, "400", "store");
        clock.advance(Duration.ofDays(100));
        buy(ada, "200", "store");
        loyalty.saveReward(new Reward("MUG", "A mug", 150, null, true));
        loyalty.redeem(ada, "MUG", "R-1", "agent");

        assertEquals(0, loyalty.expirePoints(Instant.parse("2028-02-29T23:59:00Z")).points());
        var run = loyalty.expirePoints(Instant.parse("2028-03-01T00:00:00Z"));

        assertEquals(1, run.members());
        assertEquals(250, run.points());
        Member member = loyalty.member(ada).orElseThrow();
        assertEquals(200, member.balance());
        assertEquals(List.of(new Member.Expiring(LocalDate.parse("2028-06-09"), 200)), member.expiring());
        assertEquals("qualifying points do not expire with spendable points", 600, member.qualifyingPoints());
        PointsEntry expired = loyalty.ledger(ada, 1).get(0);
        assertEquals(EntryKind.EXPIRE, expired.kind());
        assertEquals(-250, expired.points());
        assertEquals(0, loyalty.expirePoints(Instant.parse("2028-03-01T08:00:00Z")).points());
        assertEquals(200, loyalty.expirePoints(Instant.parse("2028-06-09T00:00:00Z")).points());
        assertEquals(0, loyalty.member(ada).orElseThrow().balance());
        assertTrue(loyalty.reconcile().reconciles());
    }

    @Test
    public void reversalsUndoEarnsAndRedemptionsExactlyAndOnlyOnce() {
        deployTestRules(engine);
        loyalty.saveReward(new Reward("MUG", "A mug", 150, 5, true));
        PurchaseResult big = buy(ada, "1100", "store");
        assertEquals("Silver", big.member().tier());
        PointsEntry mug = loyalty.redeem(ada, "MUG", "R-1", "agent");

        expectLoyaltyRefusal(() -> loyalty.reverse(big.entry().id(), "returned", "agent"), LoyaltyException.NOT_REVERSIBLE,
                "150 of the 1100 points of entry " + big.entry().id() + " are spent");
        PointsEntry unMug = loyalty.reverse(mug.id(), "mug broken", "agent");
        assertEquals(EntryKind.REVERSE, unMug.kind());
        assertEquals(150, unMug.points());
        assertEquals(mug.id(), unMug.reverses().longValue());
        assertEquals(Integer.valueOf(5), loyalty.rewards().get(0).stock());
        expectLoyaltyRefusal(() -> loyalty.reverse(mug.id(), "again", "agent"), LoyaltyException.NOT_REVERSIBLE,
                "was reversed by entry " + unMug.id());

        PointsEntry returned = loyalty.reverse(big.entry().id(), "order returned", "agent");

        assertEquals(-1100, returned.points());
        assertEquals(-1100, returned.qualifyingPoints());
        assertEquals(big.entry().activityAt(), returned.activityAt());
        assertEquals("E-1 a qualifying point per unit", returned.lines().get(0).rule());
        Member member = loyalty.member(ada).orElseThrow();
        assertEquals(0, member.balance());
        assertEquals(0, member.qualifyingPoints());
        assertEquals("a returned purchase no longer counts as spend", 0, member.purchasesLast12Months());
        assertEquals("the tier is kept through the grace period", "Silver", member.tier());
        assertNotNull(member.atRiskSince());
        expectLoyaltyRefusal(() -> loyalty.reverse(returned.id(), "undo", "agent"), LoyaltyException.NOT_REVERSIBLE,
                "is a reversal");
        assertTrue(loyalty.reconcile().reconciles());
    }

    @Test
    public void adjustmentsCreditAndDebitWithAReasonButDoNotQualify() {
        deployTestRules(engine);
        PointsEntry credit = loyalty.adjust(ada, 2000, "late delivery", "A-1", "agent");
        assertEquals(EntryKind.ADJUST, credit.kind());
        assertEquals("late delivery", credit.note());
        assertEquals(credit, loyalty.adjust(ada, 2000, "late delivery", "A-1", "agent"));
        expectLoyaltyRefusal(() -> loyalty.adjust(ada, 5, "other", "A-1", "agent"), LoyaltyException.SOURCE_CONFLICT, "A-1");

        loyalty.adjust(ada, -500, "duplicate goodwill", "A-2", "agent");
        expectLoyaltyRefusal(() -> loyalty.adjust(ada, -1501, "too much", "A-3", "agent"),
                LoyaltyException.INSUFFICIENT_POINTS, "has 1500 points");

        Member member = loyalty.member(ada).orElseThrow();
        assertEquals(1500, member.balance());
        assertEquals(0, member.qualifyingPoints());
        expectRefused(() -> loyalty.adjust(ada, 10, " ", "A-4", "agent"), "reason is required");
        expectRefused(() -> loyalty.adjust(ada, 0, "nothing", "A-5", "agent"), "other than 0");
        assertTrue(loyalty.reconcile().reconciles());
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

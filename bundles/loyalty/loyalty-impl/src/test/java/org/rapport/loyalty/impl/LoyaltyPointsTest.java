package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.Test;
import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.api.Reward;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** What happens to points once earned: redeemed oldest first, expired, reversed, adjusted. */
@Category(UsesDatabase.class)
public class LoyaltyPointsTest extends LoyaltyFixture {

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
}

package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.api.Reward;
import org.rapport.testing.UsesDatabase;

/**
 * A booking reads the member's activity and expiring points before it writes and carries the
 * purchase into them: the standing it answers must be the one read from the database afterwards,
 * whatever the member's lots, redemptions, reversals and older purchases.
 */
@Category(UsesDatabase.class)
public class PurchaseStandingTest extends LoyaltyFixture {

    @Test
    public void theStandingAnsweredIsTheOneTheDatabaseHoldsAfterTheBooking() {
        deployTestRules(engine);
        loyalty.saveReward(new Reward("GIFT", "A gift", 70, null, true));

        Member first = booked(buy(ada, "400.00", "store"));
        assertEquals(List.of(new Member.Expiring(LocalDate.parse("2028-03-01"), 400)), first.expiring());
        loyalty.redeem(ada, "GIFT", "R-1", "tester");
        // Expiring on the same day as the partly redeemed lot: one day's points, summed.
        Member sameDay = booked(buy(ada, "100.00", "web"));
        assertEquals(List.of(new Member.Expiring(LocalDate.parse("2028-03-01"), 330 + 100 + 10)), sameDay.expiring());

        // Older than a year: its points still expire later, its spend no longer counts.
        Member old = booked(loyalty.recordPurchase(new PurchaseEvent(ada, "OLD-1", new BigDecimal("250.00"), "EUR",
                "store", null, clock.instant().minus(Duration.ofDays(400))), "tester"));
        assertEquals(new BigDecimal("500.00"), old.spendLast12Months());

        clock.advance(Duration.ofDays(3));
        PurchaseResult toReverse = buy(ada, "900.00", "store");
        booked(toReverse);
        loyalty.reverse(toReverse.entry().id(), "returned", "tester");
        Member afterReversal = booked(buy(ada, "20.00", "store"));
        assertEquals(3, afterReversal.purchasesLast12Months());
        assertEquals(new BigDecimal("520.00"), afterReversal.spendLast12Months());

        // A contact's first purchase makes them a member; the batch path answers the same way.
        long bob = contacts.create(new NewContact("bob@example.com", "Bob", null)).id();
        booked(buy(bob, "1500.00", "web"));
        List<PurchaseResult> batch = loyalty.recordPurchases(List.of(
                new PurchaseEvent(bob, "B-1", new BigDecimal("10.00"), "EUR", "web", null, null),
                new PurchaseEvent(ada, "B-2", new BigDecimal("30.00"), "EUR", "store", null, null),
                new PurchaseEvent(bob, "B-3", new BigDecimal("40.00"), "EUR", "store", null, null)), "tester");
        assertEquals(loyalty.member(bob).orElseThrow(), batch.get(2).member());
        assertEquals(loyalty.member(ada).orElseThrow(), batch.get(1).member());
        assertEquals(loyalty.reconcile().problems().toString(), List.of(), loyalty.reconcile().problems());
    }

    /** The standing a booking answered, checked against a fresh read. */
    private Member booked(PurchaseResult result) {
        Member read = loyalty.member(result.entry().contactId()).orElseThrow();
        assertEquals(read, result.member());
        return read;
    }
}

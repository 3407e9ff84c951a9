package org.rapport.retention.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.persistence.PagedQueue;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.retention.api.Episode;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.testing.UsesDatabase;

/**
 * Touchpoints from Event Admin folded a page at a time: every touch folded once, each customer of
 * a page evaluated once, a page that cannot be folded whole written touch by touch with nothing of
 * it half-written, and nothing dropped when the queue is full or closes.
 */
@Category(UsesDatabase.class)
public class TouchesInPagesTest extends RetentionFixture {

    /** The customers the retention rules were asked about, one entry per customer per evaluation. */
    private final List<Long> evaluated = new ArrayList<>();

    private RetentionServiceImpl counted() throws Exception {
        DroolsRulesEngine counting = new DroolsRulesEngine() {
            @Override
            public Evaluation evaluate(String rulePackage, Collection<?> facts) {
                if (rulePackage.equals(RetentionDecisions.RULE_PACKAGE)) {
                    facts.forEach(f -> evaluated.add(((CustomerActivity) f).getContactId()));
                }
                return super.evaluate(rulePackage, facts);
            }
        };
        counting.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        counting.addFactModel(new RetentionFactModel(), Map.of(FactModel.RULE_PACKAGE, RetentionDecisions.RULE_PACKAGE));
        counting.deploy("retention", files("retention"), "rules/retention", "tester");
        return new RetentionServiceImpl(db.emf(), counting, ledger, contacts, interactions, loyalty, messages, consent,
                clock, true, ConsentGate.PROFILING);
    }

    private Touch purchase(long contact, String amount) {
        return new Touch(contact, "inbound", "purchase", clock.instant(), Map.of("amount", amount));
    }

    @Test
    public void aPageIsFoldedInOneGoAndEachOfItsCustomersEvaluatedOnce() throws Exception {
        RetentionServiceImpl service = counted();
        service.touchedAll(List.of(purchase(ada, "10.00"), purchase(bob, "5.00"), purchase(ada, "20.00"),
                new Touch(bob, "inbound", "complaint", clock.instant(), Map.of()), purchase(ada, "30.00")));

        CustomerActivity adaNow = service.activity(ada).orElseThrow();
        assertEquals(3, adaNow.getPurchasesLast3Months());
        assertEquals(0, new BigDecimal("60.00").compareTo(adaNow.getSpendLast3Months()));
        assertEquals(1, service.activity(bob).orElseThrow().getPurchasesLast3Months());
        assertEquals("each customer once, not once a touch", List.of(ada, bob), evaluated.stream().sorted().toList());
        // Bob's complaint was folded before he was evaluated: the evaluation raised it.
        List<Episode> bobs = service.episodes(bob);
        assertEquals(1, bobs.size());
        assertEquals("complaint", bobs.get(0).trigger());
    }

    @Test
    public void aTouchThatCannotBeFoldedCostsOnlyItselfAndLeavesNothingHalfWritten() throws Exception {
        RetentionServiceImpl service = counted();
        service.touched(purchase(bob, "1.00"));
        // No time: the page's transaction fails on it, after Ada's first purchase was written in it.
        Touch broken = new Touch(bob, "inbound", "purchase", null, Map.of("amount", "99.00"));
        service.touchedAll(List.of(purchase(ada, "10.00"), broken, purchase(ada, "20.00")));

        assertEquals("Ada's two purchases, each once", 2, service.activity(ada).orElseThrow().getPurchasesLast3Months());
        CustomerActivity bobNow = service.activity(bob).orElseThrow();
        assertEquals("Bob's broken touch wrote nothing", 1, bobNow.getPurchasesLast3Months());
        assertEquals(0, BigDecimal.ONE.compareTo(bobNow.getSpendLast3Months()));
        assertThrows(RuntimeException.class, () -> service.touched(broken));
    }

    @Test
    public void aFullQueueIsFoldedByTheCallerAndClosingFoldsWhatIsLeft() throws Exception {
        RetentionServiceImpl service = counted();
        List<Integer> pageSizes = Collections.synchronizedList(new ArrayList<>());
        PagedQueue<Touch> pages = new PagedQueue<>("retention-touches", 2, 5, page -> {
            pageSizes.add(page.size());
            service.touchedAll(page);
        });
        for (int i = 0; i < 40; i++) {
            pages.offer(purchase(i % 2 == 0 ? ada : bob, "1.00"));
        }
        pages.close();

        assertEquals(20, service.activity(ada).orElseThrow().getPurchasesLast3Months());
        assertEquals(20, service.activity(bob).orElseThrow().getPurchasesLast3Months());
        assertEquals(40, pageSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue("no page larger than 5: " + pageSizes, pageSizes.stream().allMatch(s -> s >= 1 && s <= 5));
        // Offered after closing: folded on the caller's thread, not lost.
        pages.offer(purchase(ada, "1.00"));
        assertEquals(21, service.activity(ada).orElseThrow().getPurchasesLast3Months());
    }
}

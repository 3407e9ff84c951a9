package org.rapport.rules.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.persistence.Transactions;
import org.rapport.rest.ApiException;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.RuleActivity;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class DecisionActivityResourceTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rules");

    private JpaDecisionLedger ledger;

    @Before
    public void setUp() {
        ledger = new JpaDecisionLedger(db.emf());
        Decision gold = new Decision("loyalty.set-tier", "7", Map.of("tier", "Gold"), "LOY-003 Gold", "loyalty", 2);
        Transactions.run(db.emf(), em -> ledger.record(em, List.of(gold, gold), "spend 6000"));
    }

    private DecisionActivityResource on(LocalDate today) {
        return new DecisionActivityResource(ledger, Clock.fixed(today.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }

    @Test
    public void theLastThirtyDaysIncludingTodayByDefault() {
        LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);

        DecisionActivityResource.Activity activity = on(today).activity(null, null);

        assertEquals(today.minusDays(29), activity.from());
        assertEquals(today, activity.to());
        assertEquals(List.of(new RuleActivity("loyalty", 2, "LOY-003 Gold", 2)), activity.rules());
    }

    @Test
    public void aPeriodBeforeTheDecisionsCountsNone() {
        LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);

        assertEquals(List.of(), on(today).activity("2020-01-01", "2020-01-31").rules());
    }

    @Test
    public void badDaysAreRefusedByField() {
        DecisionActivityResource resource = on(LocalDate.of(2026, 11, 23));
        assertEquals("from", refusal(() -> resource.activity("yesterday", null)));
        assertEquals("from", refusal(() -> resource.activity("2026-11-24", "2026-11-01")));
        assertEquals("from", refusal(() -> resource.activity("2020-01-01", "2026-11-01")));
        assertEquals("to", refusal(() -> resource.activity(null, "23/11/2026")));
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
            fail("refused");
            return null;
        } catch (ApiException expected) {
            assertEquals(400, expected.status());
            return expected.fields().get(0).field();
        }
    }
}

package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.rules.api.RuleActivity;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class JpaDecisionLedgerTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rules");

    private static Decision tier(String subject, String tier) {
        return new Decision("loyalty.set-tier", subject, Map.of("tier", tier), "LOY-003 Gold", "loyalty", 4);
    }

    @Test
    public void activityCountsTheDecisionsOfEachRuleOfEachReleaseInThePeriod() {
        Instant monday = Instant.parse("2026-11-02T10:00:00Z");
        JpaDecisionLedger early = new JpaDecisionLedger(db.emf(), Clock.fixed(monday, ZoneOffset.UTC));
        JpaDecisionLedger late = new JpaDecisionLedger(db.emf(), Clock.fixed(monday.plus(Duration.ofDays(7)), ZoneOffset.UTC));
        Decision silverV3 = new Decision("loyalty.set-tier", "1", Map.of("tier", "Silver"), "LOY-002 Silver", "loyalty", 3);
        Decision goldV4 = tier("2", "Gold");
        Decision atRisk = new Decision("retention.at-risk", "2", Map.of(), "RET-001 Lapsed", "retention", 1);
        Transactions.run(db.emf(), em -> early.record(em, List.of(silverV3, silverV3, goldV4), "f"));
        Transactions.run(db.emf(), em -> late.record(em, List.of(goldV4, atRisk), "f"));

        assertEquals(List.of(
                new RuleActivity("loyalty", 4, "LOY-003 Gold", 2),
                new RuleActivity("loyalty", 3, "LOY-002 Silver", 2),
                new RuleActivity("retention", 1, "RET-001 Lapsed", 1)),
                early.activity(monday, monday.plus(Duration.ofDays(8))));
        assertEquals("the period's end is left out", List.of(
                new RuleActivity("loyalty", 4, "LOY-003 Gold", 1),
                new RuleActivity("loyalty", 3, "LOY-002 Silver", 2)),
                early.activity(monday, monday.plus(Duration.ofDays(7))));
        assertEquals(List.of(), early.activity(monday.minus(Duration.ofDays(1)), monday));
    }

    @Test
    public void entriesCommitWithTheOwnersTransactionNewestFirst() {
        JpaDecisionLedger ledger = new JpaDecisionLedger(db.emf());
        Transactions.run(db.emf(), em -> ledger.record(em, List.of(tier("7", "Silver")), "spend 1200"));
        Transactions.run(db.emf(), em -> ledger.record(em, List.of(tier("7", "Gold"), tier("8", "Bronze")), "spend 6000"));

        List<LedgerEntry> about7 = ledger.about("7", 10);

        assertEquals(2, about7.size());
        assertEquals(tier("7", "Gold"), about7.get(0).decision());
        assertEquals("spend 6000", about7.get(0).facts());
        assertEquals(tier("7", "Silver"), about7.get(1).decision());
        assertEquals(1, ledger.about("7", 1).size());
    }

    @Test
    public void nothingIsRecordedWhenTheOwnersTransactionRollsBack() {
        JpaDecisionLedger ledger = new JpaDecisionLedger(db.emf());
        assertThrows(IllegalStateException.class,
                () -> Transactions.run(db.emf(), em -> {
                    ledger.record(em, List.of(tier("9", "Gold")), "spend 6000");
                    throw new IllegalStateException("the owner's change failed");
                }));
        assertEquals(List.of(), ledger.about("9", 10));
    }

    @Test
    public void attributesSurviveTheRoundTripWhateverTheyHold() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("tier", "Gold");
        attributes.put("note", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        attributes.put("empty", "");

        assertEquals(attributes, FlatJson.decode(FlatJson.encode(attributes)));
        assertEquals(Map.of(), FlatJson.decode(FlatJson.encode(Map.of())));
    }
}

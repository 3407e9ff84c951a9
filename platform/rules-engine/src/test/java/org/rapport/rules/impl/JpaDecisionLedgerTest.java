package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.testing.TestPersistence;

public class JpaDecisionLedgerTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rules");

    private static Decision tier(String subject, String tier) {
        return new Decision("loyalty.set-tier", subject, Map.of("tier", tier), "LOY-003 Gold", "loyalty", 4);
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
        try {
            Transactions.run(db.emf(), em -> {
                ledger.record(em, List.of(tier("9", "Gold")), "spend 6000");
                throw new IllegalStateException("the owner's change failed");
            });
            fail();
        } catch (IllegalStateException expected) {
            assertEquals(List.of(), ledger.about("9", 10));
        }
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

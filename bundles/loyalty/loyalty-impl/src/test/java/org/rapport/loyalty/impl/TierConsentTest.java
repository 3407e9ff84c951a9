package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.ReevaluationJob;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Impact;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Tiers where the programme requires the consent gate to be asked (tierProfilingPurpose): a member
 * who objected to profiling keeps their tier; as shipped, nobody is asked. Real Derby, rules and gate.
 */
@Category(UsesDatabase.class)
public class TierConsentTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private DroolsRulesEngine engine;
    private JpaDecisionLedger decisions;
    private ContactServiceImpl contacts;
    private ConsentServiceImpl consent;
    private long ada;
    private long grace;
    private int orders;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        LoyaltyFixture.deployTestRules(engine);
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        decisions = new JpaDecisionLedger(db.emf("rapport-rules"));
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "profiling"),
                Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", null)).id();
        grace = contacts.create(new NewContact("grace@example.com", "Grace", null)).id();
    }

    private LoyaltyServiceImpl loyalty(TierConsent tiers) {
        return new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, decisions, contacts, clock, "EUR", 24,
                "birthDate", tiers);
    }

    private void buy(LoyaltyServiceImpl loyalty, long contact, String amount) {
        loyalty.recordPurchase(new PurchaseEvent(contact, "P-" + ++orders, new BigDecimal(amount), "EUR", null, null,
                null), "till");
    }

    private void object(long contact) {
        consent.record(new ConsentChange(contact, "profiling", null, ConsentState.WITHDRAWN, null, "letter", null, null),
                "agent");
    }

    @Test
    public void whereTheProgrammeRequiresItAMemberWhoObjectedKeepsTheirTier() {
        LoyaltyServiceImpl loyalty = loyalty(new TierConsent(consent, ConsentGate.PROFILING));
        object(grace);

        buy(loyalty, ada, "1200");
        buy(loyalty, grace, "1200");

        assertEquals("Silver", loyalty.member(ada).orElseThrow().tier());
        assertNull("Grace's points are booked, her tier is not decided", loyalty.member(grace).orElseThrow().tier());
        assertTrue("her points are booked", loyalty.member(grace).orElseThrow().balance() >= 1200);
        ConsentBlock block = consent.blocks(grace, 1).get(0);
        assertEquals("loyalty tier evaluation", block.action());
        assertTrue(block.reason(), block.reason().startsWith("objected to profiling on "));
        assertTrue(consent.blocks(ada, 10).isEmpty());

        // A year and a month on, a re-evaluation would put Silver members at risk: Ada, who objected since, keeps hers.
        object(ada);
        clock.advance(Duration.ofDays(396));
        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a",
                Duration.ofMinutes(1), null, clock), clock, null);
        runner.addKind(new TierReevaluationPages(runner, db.emf("rapport-loyalty"), engine, decisions, clock, 50,
                new TierConsent(consent, ConsentGate.PROFILING)));
        ReevaluationJob job = TierReevaluationTest.runToEnd(new TierReevaluationImpl(runner, db.emf("rapport-loyalty")),
                "nightly run");

        assertEquals(2, job.evaluated());
        assertEquals(0, job.changed());
        assertNull(loyalty.member(ada).orElseThrow().atRiskSince());
        assertEquals("Silver", loyalty.member(ada).orElseThrow().tier());
        assertEquals("loyalty tier re-evaluation " + job.id(), consent.blocks(ada, 1).get(0).requester());
        runner.deactivate();
    }

    @Test
    public void whereTheProgrammeRequiresItARulePreviewLeavesOutMembersWhoObjectedAndSaysWhy() {
        LoyaltyServiceImpl loyalty = loyalty(TierConsent.none());
        buy(loyalty, ada, "1200");
        buy(loyalty, grace, "1200");
        object(grace);
        String blocked = "blocked by the consent gate for purpose 'profiling'";

        engine.addFactSource(new LoyaltyFactSource(db.emf("rapport-loyalty"), clock,
                new TierConsent(consent, ConsentGate.PROFILING)), Map.of(FactModel.RULE_PACKAGE,
                        LoyaltyDecisions.RULE_PACKAGE));
        Impact impact = engine.preview(LoyaltyDecisions.RULE_PACKAGE, Map.of("tiers.drl",
                LoyaltyServiceImplTest.resource("/tiers-test.drl").replace("1000", "1500"), "earning.drl",
                LoyaltyServiceImplTest.resource("/earning-test.drl")));
        assertEquals("Ada's activity alone", 1, impact.facts());
        assertEquals(Map.of(blocked, 1L), impact.leftOut());
        List<String> subjects = impact.samples().values().stream().flatMap(List::stream).distinct().toList();
        assertEquals(impact.changes().toString(), 1, subjects.size());
        assertTrue(subjects.toString(), subjects.get(0).endsWith(String.valueOf(ada)));
        assertEquals(LoyaltyFactSource.ACTION, consent.blocks(grace, 1).get(0).action());

        // As shipped nobody is left out; with a purpose but no gate to ask, everybody is, and the reason says so.
        assertEquals(Map.of(), leftOut(new TierConsent(consent, ""), 2));
        assertEquals(Map.of("no consent gate to ask for purpose 'profiling'", 2), leftOut(new TierConsent(null,
                ConsentGate.PROFILING), 0));
    }

    /** What a fact source with {@code tiers} leaves out, checking it hands over {@code evaluated} members. */
    private Map<String, Integer> leftOut(TierConsent tiers, int evaluated) {
        Map<String, Integer> leftOut = new HashMap<>();
        int[] handed = {0};
        new LoyaltyFactSource(db.emf("rapport-loyalty"), clock, tiers).forEachBatch(10, batch -> handed[0] += batch.size(),
                (reason, subjects) -> leftOut.merge(reason, subjects, Integer::sum));
        assertEquals(evaluated, handed[0]);
        return leftOut;
    }

    @Test
    public void asShippedTiersAskNothing() {
        LoyaltyServiceImpl loyalty = loyalty(new TierConsent(consent, ""));
        object(grace);

        buy(loyalty, grace, "1200");

        assertEquals("Silver", loyalty.member(grace).orElseThrow().tier());
        assertTrue(consent.blocks(grace, 10).isEmpty());
    }
}

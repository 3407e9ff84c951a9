package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.rapport.loyalty.api.ReevaluationJob.State;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.Await;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Re-evaluation jobs over more members than one page, against Derby and the rules engine. */
@Category(UsesDatabase.class)
public class TierReevaluationTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private DroolsRulesEngine engine;
    private LoyaltyServiceImpl loyalty;
    private JpaDecisionLedger decisions;
    /** Small pages, so a few members make several pages. */
    private static final int PAGE = 50;
    private final List<Long> members = new ArrayList<>();

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        LoyaltyFixture.deployTestRules(engine);
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        decisions = new JpaDecisionLedger(db.emf("rapport-rules"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, decisions, contacts, clock, "EUR", 24);
        // 110 members over three pages; every third one is Silver.
        for (int i = 0; i < 110; i++) {
            long id = contacts.create(new NewContact("m" + i + "@example.com", "M" + i, null)).id();
            members.add(id);
            loyalty.recordPurchase(new PurchaseEvent(id, "P-" + i, new BigDecimal(i % 3 == 0 ? "1200" : "100"), "EUR",
                    null, null, null), "tester");
        }
    }

    /** Tier re-evaluation on a job runner of its own, node {@code node-a}, as the bundle has it on the platform's. */
    static TierReevaluationImpl onRunner(TestPersistence db, DroolsRulesEngine engine, JpaDecisionLedger decisions,
            MutableClock clock, int page) {
        return new TierReevaluationImpl(runner(db, engine, decisions, clock, page), db.emf("rapport-loyalty"));
    }

    private static JobRunnerImpl runner(TestPersistence db, DroolsRulesEngine engine, JpaDecisionLedger decisions,
            MutableClock clock, int page) {
        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(),
                new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock), clock, null);
        runner.addKind(new TierReevaluationPages(runner, db.emf("rapport-loyalty"), engine, decisions, clock, page));
        return runner;
    }

    static ReevaluationJob runToEnd(TierReevaluationImpl reevaluation, String actor) {
        ReevaluationJob job = reevaluation.start(actor);
        return waitFor(reevaluation, job.id());
    }

    static ReevaluationJob waitFor(TierReevaluationImpl reevaluation, long id) {
        return Await.value("job " + id + " finishes", Duration.ofMinutes(2), () -> reevaluation.job(id).orElseThrow(),
                job -> job.state() != State.RUNNING);
    }

    @Test
    public void aJobEvaluatesEveryMemberAndAppliesOnlyTheChanges() {
        TierReevaluationImpl reevaluation = onRunner(db, engine, decisions, clock, PAGE);
        ReevaluationJob unchanged = runToEnd(reevaluation, "analyst");
        assertEquals(State.DONE, unchanged.state());
        assertEquals(110, unchanged.total());
        assertEquals(110, unchanged.evaluated());
        assertEquals("the rules agree with every member's tier", 0, unchanged.changed());
        int ledgerBefore = decisions.about(Long.toString(members.get(0)), 100).size();

        // A year and a month on, the Silver members' points have left the window: at risk.
        clock.advance(Duration.ofDays(396));
        ReevaluationJob atRisk = runToEnd(reevaluation, "analyst");

        assertEquals(37, atRisk.changed());
        assertEquals("Silver", loyalty.member(members.get(0)).orElseThrow().tier());
        assertEquals(clock.instant(), loyalty.member(members.get(0)).orElseThrow().atRiskSince());
        assertNull(loyalty.member(members.get(1)).orElseThrow().atRiskSince());
        assertEquals(ledgerBefore + 1, decisions.about(Long.toString(members.get(0)), 100).size());
        assertEquals(ledgerBefore, decisions.about(Long.toString(members.get(1)), 100).size());

        clock.advance(Duration.ofDays(95));
        ReevaluationJob down = runToEnd(reevaluation, "nightly run");
        assertEquals(37, down.changed());
        assertEquals("Bronze", loyalty.member(members.get(0)).orElseThrow().tier());
        assertEquals(List.of(atRisk.id() + 1, atRisk.id(), unchanged.id()).toString(),
                reevaluation.jobs(3).stream().map(ReevaluationJob::id).toList().toString());
    }

    @Test
    public void aJobLeftRunningByANodeThatDiedIsGoneOnWithAfterTheLastMemberItFinished() throws SQLException {
        long lastOfFirstPage = members.get(PAGE - 1);
        // The node died in the middle of a job that had finished its first page.
        long jobId = orphan(lastOfFirstPage);
        clock.advance(Duration.ofDays(396));

        // The next node to look goes on with it.
        JobRunnerImpl runner = runner(db, engine, decisions, clock, PAGE);
        TierReevaluationImpl restarted = new TierReevaluationImpl(runner, db.emf("rapport-loyalty"));
        runner.takeOverOrphans();
        ReevaluationJob done = waitFor(restarted, jobId);

        assertEquals(State.DONE, done.state());
        assertEquals(110, done.evaluated());
        assertEquals("analyst", done.actor());
        // Members of the first page were not evaluated again; the rest were.
        assertNull(loyalty.member(members.get(0)).orElseThrow().atRiskSince());
        assertEquals(clock.instant(), loyalty.member(members.get(PAGE + 1)).orElseThrow().atRiskSince());
        assertEquals(20, done.changed());
        IllegalArgumentException e = assertThrows("a finished job cannot be resumed", IllegalArgumentException.class,
                () -> restarted.resume(jobId, "admin"));
        assertTrue(e.getMessage(), e.getMessage().contains("is DONE"));
    }

    @Test
    public void aJobRunBeforeTheJobRunnerIsStillShown() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into LOYALTY_REEVALUATION (ID, ACTOR, AFTER_CONTACT, CHANGED, EVALUATED, STARTED_AT, "
                    + "FINISHED_AT, STATE, TOTAL) values (7, 'analyst', 99, 3, 110, CAST('2026-02-01 10:00:00' AS TIMESTAMP), "
                    + "CAST('2026-02-01 10:05:00' AS TIMESTAMP), 'DONE', 110)");
        }
        TierReevaluationImpl reevaluation = onRunner(db, engine, decisions, clock, PAGE);
        ReevaluationJob now = runToEnd(reevaluation, "analyst");

        ReevaluationJob former = reevaluation.job(7).orElseThrow();
        assertEquals(State.DONE, former.state());
        assertEquals(3, former.changed());
        assertEquals(List.of(now.id(), 7L), reevaluation.jobs(5).stream().map(ReevaluationJob::id).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reevaluation.resume(7, "admin"));
        assertTrue(e.getMessage(), e.getMessage().contains("before the job runner"));
    }

    /** A run of a node that died after the page ending at {@code lastContact}: marked running, nobody's lock held. */
    private long orphan(long lastContact) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into JOB_RUN (KIND, STATE, ACTOR, NODE, STARTED_AT, TOTAL, DONE_COUNT, CHANGED, "
                    + "CURSOR_AT) values ('" + TierReevaluationPages.KIND + "', 'RUNNING', 'analyst', 'node-b', "
                    + clock.instant().toEpochMilli() + ", 110, " + PAGE + ", 0, '" + lastContact + "')");
            try (ResultSet r = s.executeQuery("select max(ID) from JOB_RUN")) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Test
    public void aPageThatFailsStopsTheJobAndNoLaterPageMovesOnPastIt() {
        // A member of the second page is one the rules cannot judge.
        long unjudged = members.get(PAGE + 10);
        engine.deploy("loyalty", Map.of("tiers.drl", LoyaltyFixture.resource("/tiers-test.drl"),
                "earning.drl", LoyaltyFixture.resource("/earning-test.drl"),
                "unjudged.drl", "package rapport.loyalty.test;\n"
                        + "import org.rapport.loyalty.facts.MemberActivity;\n"
                        + "rule \"T-99 a member nobody can judge\"\nwhen\n    MemberActivity( contactId == " + unjudged + " )\n"
                        + "then\n    throw new IllegalStateException(\"member " + unjudged + " cannot be judged\");\nend\n"),
                "test", "tester");
        clock.advance(Duration.ofDays(396));
        JobRunnerImpl runner = runner(db, engine, decisions, clock, PAGE);
        TierReevaluationImpl reevaluation = new TierReevaluationImpl(runner, db.emf("rapport-loyalty"));

        ReevaluationJob failed = runToEnd(reevaluation, "analyst");

        assertEquals(State.FAILED, failed.state());
        assertTrue(failed.error(), failed.error().contains("member " + unjudged + " cannot be judged"));
        assertEquals("the first page only", PAGE, failed.evaluated());
        // Silver members (every third) of the first page are at risk now; of the pages after it, none.
        assertEquals(clock.instant(), loyalty.member(members.get(3)).orElseThrow().atRiskSince());
        assertNull(loyalty.member(members.get(PAGE + 1)).orElseThrow().atRiskSince());
        assertNull(loyalty.member(members.get(2 * PAGE + 2)).orElseThrow().atRiskSince());
        assertEquals("the job goes on after the first page", Long.toString(members.get(PAGE - 1)),
                runner.job(failed.id()).orElseThrow().cursor());
    }

}

package org.rapport.sales.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.jobs.Job;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.NewLead;
import org.rapport.sales.facts.LeadProfile;
import org.rapport.sales.facts.SalesDecisions;
import org.rapport.testing.Await;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Scoring and routing through the rules engine with the shipped rules/sales package, and re-scoring as a job. */
@Category(UsesDatabase.class)
public class LeadScoringTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-sales", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private SalesFixture f;

    @Before
    public void setUp() {
        f = new SalesFixture(db, Map.of());
    }

    private static NewLead hot(String email) {
        return new NewLead("Gus Hot", email, "+3312345678", "Globex", "web-form",
                Map.of("budget", "over-10k", "timeline", "this-quarter"), null, null);
    }

    @Test
    public void theRulesDecideScoreGradeAndQueueAndTheLedgerSaysWhy() {
        f.deployShippedRules();
        Lead hot = f.sales.capture(hot("gus@globex.example"), null, "agent1");
        Lead cold = f.sales.capture(new NewLead("Stu Dent", "stu@gmail.com", null, null, "import",
                Map.of("role", "student"), null, null), null, "agent1");
        Lead referral = f.sales.capture(new NewLead("Ray Ferral", "ray@initech.example", null, null, "referral"), null,
                "agent1");

        // business address 10, company 10, phone 5, web form 10, budget 20, this quarter 20
        assertEquals(Integer.valueOf(75), hot.score());
        assertEquals("A", hot.grade());
        assertEquals("closers", hot.queue());
        // a student: -30, never below 0
        assertEquals(Integer.valueOf(0), cold.score());
        assertEquals("D", cold.grade());
        assertEquals("inside-sales", cold.queue());
        assertEquals(Integer.valueOf(35), referral.score());
        assertEquals("B", referral.grade());
        assertEquals("partners", referral.queue());

        List<LedgerEntry> why = f.ledger.about(hot.subject(), 20);
        assertEquals(8, why.size());
        List<String> rules = why.stream().map(e -> e.decision().rule()).toList();
        assertTrue(rules.toString(), rules.contains("SCORE-021 Buying this quarter earns 20 points"));
        assertTrue(rules.toString(), rules.contains("GRADE-A A from 60 points"));
        assertTrue(rules.toString(), rules.contains("ROUTE-001 Leads from 60 points go to the closers"));
        assertTrue(why.stream().filter(e -> e.decision().rule().startsWith("SCORE-"))
                .allMatch(e -> e.facts().startsWith("LeadProfile[lead " + hot.id())));
        assertTrue(why.stream().filter(e -> e.decision().rule().startsWith("GRADE-"))
                .allMatch(e -> e.facts().equals("LeadScore[lead " + hot.id() + ", score 75, source web-form]")));
    }

    @Test
    public void theContactsActivityCountsAndARescoreRecordsOnlyWhatChanged() {
        f.deployShippedRules();
        Contact ida = f.contacts.create(new NewContact("ida@gmail.com", "Ida", null));
        Lead lead = f.sales.capture(new NewLead("Ida", "ida@gmail.com", null, null, "import"), null, "agent1");
        assertEquals(Integer.valueOf(0), lead.score());
        int decisions = f.ledger.about(lead.subject(), 50).size();

        // Rescored with nothing new: nothing changes, nothing more in the ledger.
        f.sales.rescore(lead.id());
        assertEquals(decisions, f.ledger.about(lead.subject(), 50).size());

        for (int i = 0; i < 3; i++) {
            f.interactions.record(ida.id(), new NewInteraction("web", "inbound", "visit", null, null, null), "test");
        }
        f.interactions.record(ida.id(), new NewInteraction("email", "inbound", "email-opened", null, null, null), "test");
        Lead again = f.sales.rescore(lead.id());

        assertEquals(Integer.valueOf(10), again.score());
        assertEquals("D", again.grade());
        assertEquals("SCORE-030 Three web visits or more in 90 days earn 10 points",
                f.ledger.about(lead.subject(), 50).stream().filter(e -> e.decision().rule().startsWith("SCORE-"))
                        .findFirst().orElseThrow().decision().rule());

        // Visits older than the activity window no longer count.
        f.clock.advance(Duration.ofDays(91));
        assertEquals(Integer.valueOf(0), f.sales.rescore(lead.id()).score());
    }

    private void profiling(long contact, ConsentState state) {
        f.consents.record(new ConsentChange(contact, "profiling", null, state, null, "letter", null, null), "agent1");
    }

    @Test
    public void aLeadWhoseContactObjectedToProfilingIsNotScoredAndTheBlockIsRecorded() {
        f.deployShippedRules();
        Contact ada = f.contacts.create(new NewContact("ada@globex.example", "Ada", null));
        profiling(ada.id(), ConsentState.WITHDRAWN);

        Lead lead = f.sales.capture(hot("ada@globex.example"), null, "agent1");
        assertEquals(ada.id(), lead.contactId().longValue());
        assertNull(lead.score());
        assertNull(lead.grade());
        assertEquals("the unprofiled queue", "inside-sales", lead.queue());
        assertTrue("no rule saw her", f.ledger.about(lead.subject(), 20).isEmpty());
        ConsentBlock block = f.consents.blocks(ada.id(), 1).get(0);
        assertEquals(ScoringConsent.ACTION, block.action());
        assertEquals("agent1", block.requester());
        assertTrue(block.reason(), block.reason().startsWith("objected to profiling"));

        // Without a purpose to ask for, the gate is not asked.
        SalesServiceImpl ungated = new SalesServiceImpl(db.emf("rapport-sales"), f.contacts, f.accounts, f.interactions,
                f.consents, f.consents, f.engine, f.ledger, SalesFixture.config(Map.of("scoringProfilingPurpose", "")),
                f.clock);
        assertEquals(Integer.valueOf(75), ungated.capture(hot("ada@globex.example"), null, "agent1").score());

        // Her objection lifted, she is scored; objecting again takes score, grade and queue back to the default.
        f.clock.advance(Duration.ofMinutes(1));
        profiling(ada.id(), ConsentState.GRANTED);
        Lead scored = f.sales.rescore(lead.id());
        assertEquals(Integer.valueOf(75), scored.score());
        assertEquals("closers", scored.queue());
        f.clock.advance(Duration.ofMinutes(1));
        profiling(ada.id(), ConsentState.WITHDRAWN);
        Lead blocked = f.sales.rescore(lead.id());
        assertNull(blocked.score());
        assertNull(blocked.grade());
        assertEquals("inside-sales", blocked.queue());
    }

    @Test
    public void aRulePreviewLeavesOutTheLeadsOfContactsWhoObjectedAndSaysHowManyAndWhy() {
        f.deployShippedRules();
        Contact ada = f.contacts.create(new NewContact("ada@globex.example", "Ada", null));
        Contact bob = f.contacts.create(new NewContact("bob@initech.example", "Bob", null));
        Lead adas = f.sales.capture(hot("ada@globex.example"), null, "agent1");
        Lead bobs = f.sales.capture(hot("bob@initech.example"), null, "agent1");
        Lead unlinked = f.sales.capture(hot("cy@umbrella.example"), null, "agent1");
        f.clock.advance(Duration.ofMinutes(1));
        profiling(ada.id(), ConsentState.WITHDRAWN);
        assertEquals(ada.id(), adas.contactId().longValue());
        assertEquals(bob.id(), bobs.contactId().longValue());

        SalesFactSource source = new SalesFactSource(db.emf("rapport-sales"), LeadProfiles.of(f.interactions, f.config),
                ScoringConsent.of(f.consents, f.config), f.clock);
        List<String> seen = new ArrayList<>();
        Map<String, Integer> leftOut = new HashMap<>();
        source.forEachBatch(2, batch -> batch.forEach(fact -> seen.add(((LeadProfile) fact).getSubject())),
                (reason, subjects) -> leftOut.merge(reason, subjects, Integer::sum));
        assertEquals(List.of(bobs.subject(), unlinked.subject()), seen);
        String reason = "blocked by the consent gate for purpose 'profiling'";
        assertEquals(Map.of(reason, 1), leftOut);
        ConsentBlock block = f.consents.blocks(ada.id(), 1).get(0);
        assertEquals(SalesFactSource.ACTION, block.action());

        f.engine.addFactSource(source, Map.of(FactModel.RULE_PACKAGE, SalesDecisions.RULE_PACKAGE));
        Impact impact = f.engine.preview(SalesDecisions.RULE_PACKAGE, SalesFixture.shippedFiles());
        assertEquals("Bob's and the unlinked lead's profiles only", 2, impact.facts());
        assertEquals(Map.of(reason, 1L), impact.leftOut());
        assertEquals(1, impact.leftOutTotal());
    }

    @Test
    public void anOwnerNamedByTheRulesOrTheQueuesMembersInTurn() {
        Map<String, String> files = SalesFixture.shippedFiles();
        files.put("routing.drl", files.get("routing.drl").replace(".with(SalesDecisions.QUEUE, \"partners\");",
                ".with(SalesDecisions.QUEUE, \"partners\").with(SalesDecisions.OWNER, \"pat\");"));
        f.engine.deploy("sales", files, "territories", "tester");
        SalesServiceImpl sales = new SalesServiceImpl(db.emf("rapport-sales"), f.contacts, f.accounts, f.interactions,
                f.consents, f.consents, f.engine, f.ledger,
                SalesFixture.config(Map.of("queueMembers", new String[] {"closers:ann+bob, inside-sales:cid"})), f.clock);

        Lead first = sales.capture(hot("one@globex.example"), null, "agent1");
        Lead second = sales.capture(hot("two@globex.example"), null, "agent1");
        Lead given = sales.capture(new NewLead("Gil", "gil@globex.example", null, "Globex", "web-form",
                Map.of("budget", "over-10k", "timeline", "this-quarter"), "dee", null), null, "agent1");
        Lead referral = sales.capture(new NewLead("Ray", "ray@initech.example", null, null, "referral"), null, "agent1");

        assertEquals("closers", first.queue());
        assertEquals("in turn", java.util.Set.of("ann", "bob"), java.util.Set.of(first.owner(), second.owner()));
        assertEquals("an owner given at capture stays", "dee", given.owner());
        assertEquals("named by the rule", "pat", referral.owner());
        assertEquals(first.owner(), sales.rescore(first.id()).owner());
    }

    @Test
    public void leadsCapturedWhileTheRulesWereDownAreScoredByTheRescoringJob() {
        // Lead 1 is disqualified, lead 2's contact objected to profiling, lead 3's contact visited the site thrice.
        Contact objector = f.contacts.create(new NewContact("lead2@globex.example", "Obi", null));
        profiling(objector.id(), ConsentState.WITHDRAWN);
        Contact visitor = f.contacts.create(new NewContact("lead3@globex.example", "Vi", null));
        for (int i = 0; i < 3; i++) {
            f.interactions.record(visitor.id(), new NewInteraction("web", "inbound", "visit", null, null, null), "test");
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(f.sales.capture(hot("lead" + i + "@globex.example"), null, "agent1").id());
        }
        Lead before = f.sales.lead(ids.get(0)).orElseThrow();
        assertNull(before.score());
        f.sales.qualify(ids.get(1), false, "wrong country", "agent1");
        f.deployShippedRules();
        f.clock.advance(Duration.ofMinutes(1));

        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a",
                Duration.ofMinutes(1), null, f.clock), f.clock, null);
        LeadScoring scoring = LeadScoring.of(f.engine, f.ledger, f.interactions, f.consents, f.config);
        runner.addKind(new LeadRescoring(runner, db.emf("rapport-sales"), scoring, f.clock, 3));
        Job job = runner.start(LeadRescoring.KIND, "analyst1");
        assertEquals(6, job.total());
        Job done = Await.value("re-scoring finishes", Duration.ofMinutes(2), () -> runner.job(job.id()).orElseThrow(),
                j -> j.state() != Job.State.RUNNING);

        assertEquals(Job.State.DONE, done.state());
        assertEquals(6, done.done());
        assertEquals("the objector's lead was left unscored at capture already", 5, done.changed());
        for (long id : ids) {
            Lead lead = f.sales.lead(id).orElseThrow();
            if (id == ids.get(1)) {
                assertNull("a disqualified lead is not scored", lead.score());
                assertNull(lead.scoredAt());
            } else if (id == ids.get(2)) {
                assertNull("the objector's lead is not scored", lead.score());
                assertNull(lead.grade());
                assertEquals("inside-sales", lead.queue());
                assertTrue("no rule saw it", f.ledger.about(lead.subject(), 20).isEmpty());
                assertEquals("scored, unchanged", f.clock.instant(), lead.scoredAt());
                assertEquals(before.updatedAt(), lead.updatedAt());
            } else {
                assertEquals(id == ids.get(3) ? Integer.valueOf(85) : Integer.valueOf(75), lead.score());
                assertEquals("A", lead.grade());
                assertEquals("closers", lead.queue());
                assertEquals(id == ids.get(3) ? 9 : 8, f.ledger.about(lead.subject(), 20).size());
                assertEquals(f.clock.instant(), lead.scoredAt());
                assertEquals("changed now", f.clock.instant(), lead.updatedAt());
            }
        }
        ConsentBlock block = f.consents.blocks(objector.id(), 1).get(0);
        assertEquals(ScoringConsent.ACTION, block.action());
        assertEquals(LeadRescoring.KIND + " job " + job.id(), block.requester());

        // A second run finds nothing to change and records nothing more; it scored them, nothing changed since.
        f.clock.advance(Duration.ofMinutes(1));
        Job second = runner.start(LeadRescoring.KIND, "analyst1");
        Job again = Await.value("second run finishes", Duration.ofMinutes(2), () -> runner.job(second.id()).orElseThrow(),
                j -> j.state() != Job.State.RUNNING);
        assertEquals(0, again.changed());
        Lead first = f.sales.lead(ids.get(0)).orElseThrow();
        assertEquals(8, f.ledger.about(first.subject(), 20).size());
        assertEquals(f.clock.instant(), first.scoredAt());
        assertEquals(f.clock.instant().minus(Duration.ofMinutes(1)), first.updatedAt());
        assertEquals(before.name(), first.name());
        assertEquals(before.answers(), first.answers());
        assertEquals(before.createdAt(), first.createdAt());
    }
}

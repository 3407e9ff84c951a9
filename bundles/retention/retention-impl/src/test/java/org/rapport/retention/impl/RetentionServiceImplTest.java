package org.rapport.retention.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.impl.Configs;
import org.rapport.communication.impl.EmailChannel;
import org.rapport.communication.impl.MessageServiceImpl;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.loyalty.impl.LoyaltyServiceImpl;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.retention.api.Episode;
import org.rapport.retention.api.EpisodeOutcome;
import org.rapport.retention.api.FeedbackKind;
import org.rapport.retention.api.KpiRow;
import org.rapport.retention.api.NewFeedback;
import org.rapport.retention.api.SweepRun;
import org.rapport.retention.api.Task;
import org.rapport.retention.api.TaskStatus;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Impact;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.rest.Roles;
import org.rapport.retention.impl.command.TaskIdCompleters;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Retention against a real Derby database and the real rules engine running the shipped loyalty
 * and retention rules, with the real loyalty ledger, consent gate and outbox, and email delivered
 * to a real SMTP server.
 */
@Category(UsesDatabase.class)
public class RetentionServiceImplTest {

    private static final Path RULES = Path.of(System.getProperty("rapport.rules.dir", "../../../rules"));

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-retention", "rapport-contacts", "rapport-rules",
            "rapport-loyalty", "rapport-communication", "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    private DroolsRulesEngine engine;
    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private LoyaltyServiceImpl loyalty;
    private ConsentServiceImpl consent;
    private MessageServiceImpl messages;
    private JpaDecisionLedger ledger;
    private RetentionServiceImpl retention;
    private RetentionSweepImpl sweeps;
    private JobRunnerImpl runner;
    private DatabaseCluster cluster;
    private GreenMail smtp;
    private long ada;
    private long bob;
    private int orders;

    @Before
    public void setUp() throws IOException {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        engine.addFactModel(new RetentionFactModel(), Map.of(FactModel.RULE_PACKAGE, RetentionDecisions.RULE_PACKAGE));
        engine.deploy("loyalty", files("loyalty"), "rules/loyalty", "tester");
        engine.deploy("retention", files("retention"), "rules/retention", "tester");
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        ledger = new JpaDecisionLedger(db.emf("rapport-rules"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, ledger, contacts, clock, "EUR", 24);
        // As shipped: profiling on legitimate interests, so every customer but those who objected is evaluated.
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "service",
                "profiling"), Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS));
        messages = new MessageServiceImpl(db.emf("rapport-communication"), contacts, interactions, consent,
                Configs.communication(200), null);
        smtp = new GreenMail(new ServerSetup(Configs.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        messages.addChannel(new EmailChannel(Configs.email(smtp.getSmtp().getPort())), Map.of(MessageChannel.NAME, "email"));
        new DefaultTemplates(messages);
        retention = new RetentionServiceImpl(db.emf(), engine, ledger, contacts, interactions, loyalty, messages, consent,
                clock, true, ConsentGate.PROFILING);
        cluster = new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock);
        runner = runner(cluster);
        sweeps = new RetentionSweepImpl(runner, db.emf());
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        bob = contacts.create(new NewContact("bob@example.com", "Bob", "Smith")).id();
    }

    /** A node's job runner with sweeps, running each job to its end before the call that started it returns. */
    private JobRunnerImpl runner(DatabaseCluster node) {
        JobRunnerImpl jobs = new JobRunnerImpl(db.dataSource(), node, clock, null, Runnable::run);
        jobs.addKind(new RetentionSweepPages(retention));
        return jobs;
    }

    @After
    public void tearDown() {
        runner.deactivate();
        messages.stop();
        smtp.stop();
    }

    private static Map<String, String> files(String rulePackage) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(RULES.resolve(rulePackage))) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** A purchase booked by loyalty, and the touchpoint its timeline event brings to retention. */
    private void buy(long contact, String amount) {
        loyalty.recordPurchase(new PurchaseEvent(contact, "ORDER-" + ++orders, new BigDecimal(amount), "EUR", "store",
                null, null), "till");
        retention.touched(new Touch(contact, "inbound", "purchase", clock.instant(), Map.of("amount", amount)));
    }

    private Interaction record(long contact, String direction, String type) {
        Interaction i = interactions.record(contact, new org.rapport.contacts.api.NewInteraction(
                direction.equals("inbound") ? "phone" : "email", direction, type, clock.instant(), null, null), "agent");
        retention.touched(new Touch(contact, direction, type, i.occurredAt(), Map.of()));
        return i;
    }

    /** A sweep, run to its end before it returns. */
    private SweepRun sweep() {
        return sweeps.run(sweeps.start("tester").id()).orElseThrow();
    }

    @Test
    public void aGoldMemberWhoStopsBuyingIsCalledOfferedPointsAndEmailedOnceAndWonBack() throws Exception {
        consent.record(new ConsentChange(ada, "marketing", Channel.EMAIL, ConsentState.GRANTED, null, "form", null, null),
                "agent");
        buy(ada, "6000.00");
        assertEquals("Gold", loyalty.member(ada).orElseThrow().tier());
        long pointsBefore = loyalty.member(ada).orElseThrow().balance();
        clock.advance(Duration.ofDays(61));

        SweepRun first = sweep();

        assertEquals(SweepRun.Status.DONE, first.status());
        assertEquals("only Ada has touchpoints", 1, first.evaluated());
        assertEquals(1, first.opened());
        List<Episode> atRisk = retention.atRisk(null, 0, 10);
        assertEquals(1, atRisk.size());
        Episode episode = atRisk.get(0);
        assertEquals("no-purchase", episode.trigger());
        assertEquals("high", episode.risk());
        assertEquals("Gold member, no purchase for 61 days", episode.reason());
        assertEquals("RTN-002 Gold and Platinum: no purchase in 60 days", episode.rule());
        assertEquals("retention v1", episode.release());
        assertEquals("announced in the sweep's transaction, without the reason's text", List.of("{\"contactId\":" + ada
                + ",\"episodeId\":" + episode.id() + ",\"trigger\":\"no-purchase\",\"risk\":\"high\",\"tier\":\"Gold\","
                + "\"rule\":\"RTN-002 Gold and Platinum: no purchase in 60 days\",\"release\":\"retention v1\","
                + "\"openedAt\":\"" + episode.openedAt() + "\"}"), atRiskEvents());
        List<Task> tasks = retention.tasks(TaskStatus.OPEN, "vip-care", 0, 10);
        assertEquals(1, tasks.size());
        assertEquals(1, retention.countTasks(TaskStatus.OPEN, "vip-care"));
        assertEquals(0, retention.countTasks(TaskStatus.DONE, "vip-care"));
        assertEquals("Call a Gold member who stopped buying", tasks.get(0).title());
        assertEquals(clock.instant().plus(Duration.ofDays(2)), tasks.get(0).dueAt());
        assertEquals("the customer's own tasks", tasks, retention.tasks(ada));
        assertEquals("no one else's", List.of(), retention.tasks(ada + 1000));
        assertEquals("the win-back offer", pointsBefore + 500, loyalty.member(ada).orElseThrow().balance());
        assertTrue("the email went out", smtp.waitForIncomingEmail(10_000, 1));
        assertEquals("We miss you, Ada", smtp.getReceivedMessages()[0].getSubject());
        assertTrue(String.valueOf(smtp.getReceivedMessages()[0].getContent()).startsWith("Hello Ada Lovelace,"));
        List<String> why = ledger.about(Long.toString(ada), 20).stream().map(e -> e.decision().type()).toList();
        assertTrue(why.toString(), why.containsAll(List.of(RetentionDecisions.AT_RISK, RetentionDecisions.TASK,
                RetentionDecisions.OFFER, RetentionDecisions.MESSAGE)));
        assertEquals(List.of("message 'win-back' (no-purchase, high risk)", "task for vip-care: Call a Gold member who "
                + "stopped buying (no-purchase, high risk)", "win-back offer of 500 points (no-purchase, high risk)"),
                interactions.timeline(ada, Set.of(Channel.OTHER), 0, 10).stream().map(Interaction::summary).sorted().toList());

        SweepRun second = sweep();
        assertEquals("a second sweep raises nothing new", 0, second.opened());
        assertEquals(1, atRiskEvents().size());
        assertEquals(1, retention.tasks(null, null, 0, 10).size());
        assertEquals(pointsBefore + 500, loyalty.member(ada).orElseThrow().balance());
        assertEquals(1, messages.log(ada, null, 0, 10).size());

        clock.advance(Duration.ofDays(3));
        buy(ada, "80.00");

        Episode closed = retention.episodes(ada).get(0);
        assertEquals(EpisodeOutcome.WON_BACK, closed.outcome());
        assertEquals(clock.instant(), closed.closedAt());
        Task cancelled = retention.tasks(null, null, 0, 10).get(0);
        assertEquals(TaskStatus.CANCELLED, cancelled.status());
        assertEquals("episode closed: won back", cancelled.note());
        assertEquals(0, retention.countAtRisk(null));
    }

    @Test
    public void complaintsCasesAndDetractorsAreRaisedAsTheyArriveAndCloseWhenTheyNoLongerHold() {
        record(bob, "inbound", "complaint");
        List<Episode> episodes = retention.episodes(bob);
        assertEquals(1, episodes.size());
        assertEquals("complaint", episodes.get(0).trigger());
        Task followUp = retention.tasks(TaskStatus.OPEN, "customer-care", 0, 10).get(0);
        assertEquals("Follow up on the customer's complaint", followUp.title());
        assertEquals("customer-care: Follow up on the customer's complaint", ShellSessions.complete(
                TaskIdCompleters.on(retention), Roles.AGENT, "retention:tasks", "--take", "").get(0).descr());

        Task taken = retention.updateTask(followUp.id(), null, "grace", "called, will ring back", "grace");
        assertEquals("grace", taken.assignee());
        assertEquals(TaskStatus.OPEN, taken.status());
        assertEquals(TaskStatus.DONE, retention.updateTask(followUp.id(), TaskStatus.DONE, null, null, "grace").status());

        record(bob, "inbound", "support-case");
        clock.advance(Duration.ofDays(2));
        retention.evaluate(bob, "tester");
        assertEquals(List.of("unanswered-case", "complaint"), retention.episodes(bob).stream().map(Episode::trigger).toList());
        assertEquals("support", retention.tasks(TaskStatus.OPEN, null, 0, 10).get(0).queue());

        record(bob, "outbound", "support-reply");
        Episode answered = retention.episodes(bob).get(0);
        assertEquals(EpisodeOutcome.RESOLVED, answered.outcome());
        assertEquals("complaint still within 14 days", EpisodeOutcome.OPEN, retention.episodes(bob).get(1).outcome());
        clock.advance(Duration.ofDays(13));
        sweep();
        assertEquals(EpisodeOutcome.RESOLVED, retention.episodes(bob).get(1).outcome());
        assertEquals(0, retention.countAtRisk(null));

        retention.recordFeedback(new NewFeedback(bob, FeedbackKind.NPS, 2, "Delivery was late twice", "email", null),
                "survey-tool");
        Episode detractor = retention.atRisk(null, 0, 10).get(0);
        assertEquals("low-satisfaction", detractor.trigger());
        assertEquals("high", detractor.risk());
        Interaction onTimeline = interactions.timeline(bob, Set.of(Channel.EMAIL), 0, 10).get(0);
        assertEquals("feedback", onTimeline.type());
        assertEquals("NPS 2: Delivery was late twice", onTimeline.summary());
        assertEquals(Integer.valueOf(2), retention.activity(bob).orElseThrow().getLastNps());
    }

    @Test
    public void feedbackIsCheckedFieldByField() {
        List<String> errors = new java.util.ArrayList<>();
        for (NewFeedback bad : List.of(
                new NewFeedback(999, FeedbackKind.NPS, 5, null, null, null),
                new NewFeedback(bob, null, 5, null, null, null),
                new NewFeedback(bob, FeedbackKind.NPS, 11, null, null, null),
                new NewFeedback(bob, FeedbackKind.CSAT, null, null, null, null),
                new NewFeedback(bob, FeedbackKind.COMMENT, null, " ", null, null),
                new NewFeedback(bob, FeedbackKind.NPS, 9, null, "pigeon", null))) {
            IllegalArgumentException expected = assertThrows("accepted " + bad, IllegalArgumentException.class,
                    () -> retention.recordFeedback(bad, "test"));
            errors.add(expected.getMessage());
        }
        assertEquals(List.of("contactId 999 is not a contact", "kind is required: nps, csat or comment",
                "score of nps is from 0 to 10, not 11", "score of csat is from 1 to 5",
                "comment is required for a comment",
                "channel 'pigeon' is not a channel; one of email, phone, in-person, social, web, chat, mail, other"), errors);
        assertEquals(List.of(), retention.feedback(bob));
    }

    @Test
    public void kpisCountRetainedCustomersEpisodesAndNpsPerPeriodAndTier() {
        buy(ada, "6000.00");           // January: Ada (Gold)
        buy(bob, "40.00");             // January: Bob
        clock.advance(Duration.ofDays(40));
        buy(ada, "100.00");            // February: Ada again
        clock.advance(Duration.ofDays(100));
        sweep();                       // late May: Bob has not bought for 140 days, Ada (Gold) for 100
                                       // and spends nothing against 1,525 per three months before
        retention.recordFeedback(new NewFeedback(ada, FeedbackKind.NPS, 10, null, null, null), "survey");
        retention.recordFeedback(new NewFeedback(bob, FeedbackKind.NPS, 3, null, null, null), "survey");

        List<KpiRow> rows = retention.kpis(YearMonth.of(2026, 6), YearMonth.of(2026, 6), false);
        KpiRow all = rows.get(0);
        assertEquals("2026-06", all.period());
        assertEquals("all", all.tier());
        assertEquals(2, all.activeAtStart());
        assertEquals(2, all.retained());
        assertEquals(Double.valueOf(1.0), all.retentionRate());

        List<KpiRow> quarter = retention.kpis(YearMonth.of(2026, 5), YearMonth.of(2026, 5), true);
        KpiRow q2 = quarter.get(0);
        assertEquals("2026-Q2", q2.period());
        assertEquals(List.of("falling-spend", "no-purchase"), retention.episodes(ada).stream().map(Episode::trigger)
                .sorted().toList());
        assertEquals(4, q2.episodesOpened()); // and Bob's lapse and his low NPS
        assertEquals(4, q2.atRisk());
        assertEquals(0, q2.wonBack());
        assertEquals(2, q2.npsAnswers());
        assertEquals(Integer.valueOf(0), q2.nps()); // one promoter, one detractor
        KpiRow gold = quarter.stream().filter(r -> r.tier().equals("Gold")).findFirst().orElseThrow();
        assertEquals(1, gold.activeAtStart());
        assertEquals(2, gold.episodesOpened());
        assertEquals(Integer.valueOf(100), gold.nps());

        List<KpiRow> nextYear = retention.kpis(YearMonth.of(2027, 2), YearMonth.of(2027, 2), false);
        assertEquals("only Ada bought in the twelve months before February 2027, and not since", 1,
                nextYear.get(0).activeAtStart());
        assertEquals(0, nextYear.get(0).retained());
        assertEquals(Double.valueOf(1.0), nextYear.get(0).churnRate());
        assertNull(nextYear.get(0).nps());
        IllegalArgumentException expected = assertThrows("backwards", IllegalArgumentException.class,
                () -> retention.kpis(YearMonth.of(2026, 6), YearMonth.of(2026, 5), false));
        assertEquals("from 2026-06 is after to 2026-05", expected.getMessage());
    }

    @Test
    public void aSweepLeftRunningByANodeThatDiedIsGoneOnWithByTheNextNodeToLook() throws SQLException {
        buy(ada, "10.00");
        buy(bob, "10.00");
        clock.advance(Duration.ofDays(130));
        long id = sweepLeft("RUNNING");
        JobRunnerImpl nodeB = runner(new DatabaseCluster(db.dataSource(), "node-b", Duration.ofMinutes(1), null, clock));

        nodeB.takeOverOrphans();

        SweepRun done = sweeps.run(id).orElseThrow();
        assertEquals(SweepRun.Status.DONE, done.status());
        assertEquals(2, done.evaluated());
        assertEquals(2, done.opened());
        assertEquals("node-b", nodeB.job(id).orElseThrow().node());
        nodeB.deactivate();
    }

    @Test
    public void aSweepHeldByALiveNodeIsNotTakenOverNorStartedBeside() throws SQLException {
        long id = sweepLeft("RUNNING");
        try (Cluster.Lease held = cluster.tryLock(RetentionSweepPages.KIND).orElseThrow()) {
            runner.takeOverOrphans();
            assertEquals(SweepRun.Status.RUNNING, sweeps.run(id).orElseThrow().status());
            assertEquals(0, sweeps.run(id).orElseThrow().evaluated());
            IllegalStateException expected = assertThrows("a sweep marked running is not started beside",
                    IllegalStateException.class, () -> sweeps.start("tester"));
            assertTrue(expected.getMessage(), expected.getMessage().startsWith("sweep " + id + " is running"));
        }
    }

    @Test
    public void anInterruptedSweepIsResumedWhereItStopped() throws SQLException {
        buy(ada, "10.00");
        buy(bob, "10.00");
        clock.advance(Duration.ofDays(130));
        long id = sweepLeft("INTERRUPTED");
        runner.takeOverOrphans();
        assertEquals("an interrupted sweep waits for an administrator", SweepRun.Status.INTERRUPTED,
                sweeps.run(id).orElseThrow().status());

        sweeps.resume(id, "tester");
        SweepRun done = sweeps.run(id).orElseThrow();

        assertEquals(SweepRun.Status.DONE, done.status());
        assertEquals(2, done.evaluated());
        assertEquals(2, done.opened());
        IllegalStateException expected = assertThrows("a finished sweep is not resumed", IllegalStateException.class,
                () -> sweeps.resume(id, "tester"));
        assertEquals("sweep " + id + " is done; only an interrupted or failed sweep can be resumed", expected.getMessage());
    }

    @Test
    public void aSweepRunBeforeTheJobRunnerIsStillShown() throws SQLException {
        execute("insert into RETENTION_SWEEP (ID, CLOSED, EVALUATED, FINISHED_AT, LAST_CONTACT_ID, OPENED, REQUESTER, "
                + "STARTED_AT, STATUS, TOTAL) values (3, 1, 2, CAST('2026-02-01 04:05:00' AS TIMESTAMP), 2, 2, 'daily sweep', "
                + "CAST('2026-02-01 04:00:00' AS TIMESTAMP), 'DONE', 2)");
        SweepRun now = sweep();

        SweepRun former = sweeps.run(3).orElseThrow();
        assertEquals(SweepRun.Status.DONE, former.status());
        assertEquals(2, former.opened());
        assertEquals(1, former.closed());
        assertEquals(List.of(now.id(), 3L), sweeps.runs(5).stream().map(SweepRun::id).toList());
        IllegalStateException expected = assertThrows(IllegalStateException.class, () -> sweeps.resume(3, "tester"));
        assertTrue(expected.getMessage(), expected.getMessage().contains("before the job runner"));
    }

    /** A sweep in the state a stop (interrupted) or a node's death (running) leaves it, before its first page. */
    private long sweepLeft(String state) throws SQLException {
        execute("insert into JOB_RUN (KIND, STATE, ACTOR, NODE, STARTED_AT, TOTAL, DONE_COUNT, CHANGED) values ('"
                + RetentionSweepPages.KIND + "', '" + state + "', 'tester', 'node-a', " + clock.instant().toEpochMilli()
                + ", 2, 0, 0)");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select max(ID) from JOB_RUN")) {
            r.next();
            return r.getLong(1);
        }
    }

    private List<String> atRiskEvents() throws SQLException {
        List<String> data = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("select DATA from DOMAIN_EVENT where TYPE = 'retention.at-risk'")) {
            while (r.next()) {
                data.add(r.getString(1));
            }
        }
        return data;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    public void activityIsRebuiltFromTheTimelineOfTouchpointsRecordedBeforeRetention() {
        Instant january = clock.instant();
        for (String type : List.of("visit", "complaint", "visit")) {
            interactions.record(bob, new org.rapport.contacts.api.NewInteraction("in-person", "inbound", type, january,
                    null, null), "agent");
        }
        interactions.record(bob, new org.rapport.contacts.api.NewInteraction("in-person", "inbound", "purchase", january,
                null, Map.of("amount", "250.00")), "till");
        clock.advance(Duration.ofDays(3));
        assertTrue("retention heard of none of them", retention.activity(bob).isEmpty());

        assertEquals(4, retention.rebuild(bob));

        var activity = retention.activity(bob).orElseThrow();
        assertEquals(Integer.valueOf(3), activity.getDaysSinceLastPurchase());
        assertEquals(Integer.valueOf(3), activity.getDaysSinceLastComplaint());
        assertEquals(2, activity.getVisitsLast3Months());
        assertEquals(0, new BigDecimal("250").compareTo(activity.getSpendLast3Months()));
        assertEquals(3, activity.getCustomerForDays());
        assertEquals("rebuilding again counts nothing twice", 4, retention.rebuild(bob));
        assertEquals(2, retention.activity(bob).orElseThrow().getVisitsLast3Months());
        assertEquals(List.of("complaint"), retention.evaluate(bob, "tester").stream().map(Episode::trigger).toList());
    }

    @Test
    public void aCustomerWhoObjectedToProfilingIsNotEvaluatedAndGetsNoTaskNorIsInARulePreview() throws IOException {
        consent.record(new ConsentChange(bob, "profiling", null, ConsentState.WITHDRAWN, null, "phone call", null, null),
                "agent");
        record(bob, "inbound", "complaint");
        record(ada, "inbound", "complaint");
        sweep();

        assertEquals(List.of(), retention.episodes(bob));
        assertEquals(List.of(), retention.tasks(bob));
        assertEquals("Ada, who did not object, is", 1, retention.tasks(ada).size());
        List<ConsentBlock> blocks = consent.blocks(bob, 10);
        assertEquals("the complaint's evaluation and the sweep's", 2, blocks.size());
        assertEquals("retention evaluation", blocks.get(0).action());
        assertTrue(blocks.get(0).requester(), blocks.get(0).requester().startsWith("retention sweep "));
        assertTrue(blocks.get(0).reason(), blocks.get(0).reason().startsWith("objected to profiling on "));
        engine.addFactSource(new RetentionFactSource(retention), Map.of(FactModel.RULE_PACKAGE,
                RetentionDecisions.RULE_PACKAGE));
        Impact preview = engine.preview("retention", files("retention"));
        assertEquals("a preview sees Ada's activity alone", 1, preview.facts());
        assertEquals(Map.of("blocked by the consent gate for purpose 'profiling'", 1L), preview.leftOut());
        assertEquals(RetentionFactSource.ACTION, consent.blocks(bob, 10).get(0).action());

        consent.record(new ConsentChange(ada, "profiling", null, ConsentState.WITHDRAWN, null, "email", null, null), "agent");
        sweep();
        Task cancelled = retention.tasks(ada).get(0);
        assertEquals("an objection after the task cancels it", TaskStatus.CANCELLED, cancelled.status());
        assertEquals("episode closed: the consent gate blocks profiling", cancelled.note());
        assertEquals(EpisodeOutcome.RESOLVED, retention.episodes(ada).get(0).outcome());
    }

    @Test
    public void onAPurposeThatNeedsConsentOnlyCustomersWhoGrantedItAreEvaluated() {
        RetentionServiceImpl gated = new RetentionServiceImpl(db.emf(), engine, ledger, contacts, interactions, loyalty,
                messages, consent, clock, true, "marketing");
        gated.touched(new Touch(bob, "inbound", "complaint", clock.instant(), Map.of()));

        assertEquals(List.of(), gated.episodes(bob));
        assertEquals("retention evaluation", consent.blocks(bob, 10).get(0).action());
        assertEquals("no consent recorded for marketing by every channel", consent.blocks(bob, 10).get(0).reason());

        consent.record(new ConsentChange(bob, "marketing", null, ConsentState.GRANTED, null, "form", null, null), "agent");
        assertEquals(List.of("complaint"), gated.evaluate(bob, "tester").stream().map(Episode::trigger).toList());
    }

    @Test
    public void erasureRemovesEverythingRetentionKeptAboutTheContact() {
        record(bob, "inbound", "complaint");
        retention.recordFeedback(new NewFeedback(bob, FeedbackKind.COMMENT, null, "Rude staff at the Leeds store", null, null),
                "survey");
        RetentionErasure erasure = new RetentionErasure(db.emf(), retention);

        Map<String, Object> export = erasure.export(bob);
        assertEquals(1, ((List<?>) export.get("episodes")).size());
        assertTrue(export.toString(), export.toString().contains("Rude staff at the Leeds store"));
        assertEquals("1 feedback answer(s), 1 task(s), 1 episode(s) and the activity profile (0 month(s)) deleted",
                erasure.erase(bob));
        assertTrue(retention.activity(bob).isEmpty());
        assertEquals(List.of(), retention.episodes(bob));
        assertEquals(List.of(), retention.feedback(bob));
        assertEquals("0 feedback answer(s), 0 task(s), 0 episode(s) and the activity profile (0 month(s)) deleted",
                erasure.erase(bob));
    }

}

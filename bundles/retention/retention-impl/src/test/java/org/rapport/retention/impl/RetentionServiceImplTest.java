package org.rapport.retention.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Interaction;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
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
import org.rapport.rest.Roles;
import org.rapport.retention.impl.command.TaskIdCompleters;
import org.rapport.testing.ShellSessions;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Retention against a real Derby database and the real rules engine running the shipped loyalty
 * and retention rules, with the real loyalty ledger, consent gate and outbox, and email delivered
 * to a real SMTP server.
 */
@Category(UsesDatabase.class)
public class RetentionServiceImplTest extends RetentionFixture {

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


    private List<String> atRiskEvents() throws SQLException {
        List<String> data = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select DATA from DOMAIN_EVENT where TYPE = 'retention.at-risk'")) {
            while (r.next()) {
                data.add(r.getString(1));
            }
        }
        return data;
    }
}

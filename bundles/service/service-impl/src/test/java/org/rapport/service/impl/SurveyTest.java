package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.impl.TwoWay;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.retention.api.Feedback;
import org.rapport.retention.api.FeedbackKind;
import org.rapport.retention.impl.Retention;
import org.rapport.retention.impl.RetentionServiceImpl;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.QueueFigures;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.SurveyAnswers.Answer;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Satisfaction surveys on the product's outbox, mailbox, consent gate and retention over a real mail
 * server (GreenMail) and Derby: closing a case sends its survey once, held back without consent;
 * the signed link answers once (a forged, replayed or expired token changes nothing), a reply with
 * a score answers too; the answer is in the thread, the contact's feedback and the queue's CSAT,
 * in the export and anonymised by erasure.
 */
@Category(UsesDatabase.class)
public class SurveyTest {

    private static final Pattern LINK = Pattern.compile("http://localhost:8181/api/v1/surveys/([0-9A-Za-z_-]+)");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty", "rapport-communication", "rapport-privacy", "rapport-retention");

    private final LinkedBlockingQueue<Long> heard = new LinkedBlockingQueue<>();
    private ServiceFixture f;
    private TwoWay comms;
    private RetentionServiceImpl retention;
    private SurveyAnswers answers;
    private long ada;
    private long bob;

    @Before
    public void setUp() throws Exception {
        Map<String, Object> settings = ServiceFixture.berlin("billing=carol");
        settings.put("surveys", true);
        settings.put("publicUrl", "http://localhost:8181/");
        settings.put("loopbackHttp", true);
        settings.put("surveyDays", 7);
        settings.put("surveyRequestsPerMinute", 3);
        f = new ServiceFixture(db, settings);
        ConsentServiceImpl consent = new ConsentServiceImpl(db.emf("rapport-privacy"), f.contacts, f.clock,
                List.of("marketing", "service"));
        ReplyOutcomes outcomes = new ReplyOutcomes(f.cases);
        comms = new TwoWay(db.emf("rapport-communication"), db.dataSource(), f.contacts, f.interactions, consent, f.clock,
                outcomes::handleEvent, "mx.shop.example");
        f.cases.bindMessages(comms.messages);
        retention = Retention.of(db.emf("rapport-retention"), f.engine, f.ledger, f.contacts, f.interactions, f.loyalty,
                comms.messages, consent, f.clock);
        f.cases.bindRetention(retention);
        CaseInbound desk = new CaseInbound(f.cases, f.files);
        comms.listen(m -> {
            desk.received(m);
            heard.add(m.id());
        }, "service");
        answers = new SurveyAnswers(f.cases, f.contacts);
        ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        bob = f.contacts.create(new NewContact("bob@example.com", "Bob", "Smith")).id();
        consent.record(new ConsentChange(ada, "service", Channel.EMAIL, ConsentState.GRANTED, null, "web form", null,
                null), "agent");
    }

    @After
    public void tearDown() {
        comms.close();
    }

    private ServiceCase closed(long contact, String subject) {
        return closed(contact, subject, null, "agent1");
    }

    private ServiceCase closed(long contact, String subject, String queue, String agent) {
        ServiceCase c = f.cases.open(new NewCase(subject, contact, "email", null, queue, agent, "Help"), agent);
        f.cases.reply(c.id(), "Done.", agent);
        f.cases.transition(c.id(), CaseStatus.RESOLVED, agent);
        f.cases.transition(c.id(), CaseStatus.CLOSED, agent);
        comms.dispatch();
        return c;
    }

    private List<CaseEntry> surveyEntries(long caseId) {
        return f.cases.thread(caseId).stream().filter(e -> e.kind() == EntryKind.SURVEY).toList();
    }

    /**
     * The last survey the server received: messages due together leave side by side, so the answer
     * to a case may arrive after the survey sent with it.
     */
    private MimeMessage lastSurvey() throws MessagingException {
        MimeMessage[] all = comms.mail.getReceivedMessages();
        for (int i = all.length - 1; i >= 0; i--) {
            if (all[i].getSubject().startsWith("How did we do?")) {
                return all[i];
            }
        }
        throw new AssertionError("no survey among " + all.length + " mails");
    }

    @Test
    public void aClosedCaseIsSurveyedOnceAndTheSignedLinkAnswersOnceIntoTheThreadFeedbackFiguresAndExport()
            throws Exception {
        ServiceCase c = closed(ada, "Parcel missing");
        MimeMessage survey = lastSurvey();
        assertEquals("How did we do? Parcel missing", survey.getSubject());
        Matcher link = LINK.matcher(survey.getContent().toString());
        assertTrue(survey.getContent().toString(), link.find());
        String token = link.group(1);
        assertEquals("The satisfaction survey was sent (message " + surveyEntries(c.id()).get(0).text()
                .replaceAll("\\D", "") + ").", surveyEntries(c.id()).get(0).text());

        // Bob has not consented: his survey is held back, and the thread says so.
        int mails = comms.mail.getReceivedMessages().length;
        ServiceCase toBob = closed(bob, "Refund");
        assertEquals(mails, comms.mail.getReceivedMessages().length);
        List<CaseEntry> held = surveyEntries(toBob.id());
        assertEquals(1, held.size());
        assertTrue(held.get(0).text(), held.get(0).text().startsWith("The satisfaction survey was held back: "));

        assertNull("the link takes an answer", answers.check(token));
        String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertEquals(Answer.UNKNOWN, answers.answer(forged, 1, "forged"));
        long id = Long.parseLong(token.substring(0, token.indexOf('-')));
        assertEquals("Bob's survey by Ada's signature", Answer.UNKNOWN, answers.answer((id + 1) + "-"
                + token.substring(token.indexOf('-') + 1), 1, "other survey"));
        assertEquals(1, surveyEntries(c.id()).size());

        assertEquals(Answer.ANSWERED, answers.answer(token, 4, "  Quick\u0007 and kind "));
        assertEquals("the replay changes nothing", Answer.ALREADY_ANSWERED, answers.answer(token, 1, "again"));
        List<CaseEntry> thread = surveyEntries(c.id());
        assertEquals(2, thread.size());
        assertEquals("Satisfaction 4 of 5: Quick  and kind", thread.get(1).text());
        assertEquals(CaseInbound.CUSTOMER, thread.get(1).author());
        List<Feedback> feedback = retention.feedback(ada);
        assertEquals(1, feedback.size());
        assertEquals(FeedbackKind.CSAT, feedback.get(0).kind());
        assertEquals(Integer.valueOf(4), feedback.get(0).score());
        assertEquals("Quick  and kind", feedback.get(0).comment());
        assertTrue(f.interactions.timeline(ada, null, 0, 50).stream().anyMatch(i -> i.type().equals("feedback")));

        QueueFigures support = f.cases.figures(f.clock.instant().minus(Duration.ofDays(1)),
                f.clock.instant().plus(Duration.ofDays(1))).get(0);
        assertEquals("support", support.queue());
        assertEquals(1, support.csatAnswers());
        assertEquals(Double.valueOf(4.0), support.csat());

        ServiceErasure erasure = new ServiceErasure(db.emf("rapport-service"), f.ledger, f.cases);
        @SuppressWarnings("unchecked")
        Map<String, Object> exported = ((List<Map<String, Object>>) erasure.export(ada).get("cases")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) exported.get("survey");
        assertEquals(4, answer.get("score"));
        assertEquals("Quick  and kind", answer.get("comment"));
        erasure.erase(ada);
        assertEquals("an erased survey's link is dead", Answer.UNKNOWN, answers.check(token));
        @SuppressWarnings("unchecked")
        Map<String, Object> none = erasure.export(ada);
        assertTrue(((List<?>) none.get("cases")).isEmpty());
        assertEquals("the score stays in the figures", Double.valueOf(4.0), f.cases.figures(
                f.clock.instant().minus(Duration.ofDays(1)), f.clock.instant().plus(Duration.ofDays(1))).get(0).csat());
    }

    @Test
    public void theCommentAboutACaseOfAKeptQueueStaysInTheCaseAndFeedbackGetsTheScoreOnly() throws Exception {
        ServiceCase c = closed(ada, "Invoice 77", "billing", "carol");
        Matcher link = LINK.matcher(lastSurvey().getContent().toString());
        assertTrue(link.find());

        assertEquals(Answer.ANSWERED, answers.answer(link.group(1), 2, "You charged my card 4111 twice"));

        List<CaseEntry> thread = surveyEntries(c.id());
        assertEquals("Satisfaction 2 of 5: You charged my card 4111 twice", thread.get(thread.size() - 1).text());
        List<Feedback> feedback = retention.feedback(ada);
        assertEquals(1, feedback.size());
        assertEquals(Integer.valueOf(2), feedback.get(0).score());
        assertNull("everyone who reads Ada reads her feedback", feedback.get(0).comment());
        assertTrue(f.interactions.timeline(ada, null, 0, 50).stream().noneMatch(i -> String.valueOf(i.summary())
                .contains("4111")));

        // Without retention the answer goes onto the timeline: the score only, too.
        f.cases.unbindRetention(retention);
        ServiceCase again = closed(ada, "Invoice 78", "billing", "carol");
        Matcher second = LINK.matcher(lastSurvey().getContent().toString());
        assertTrue(second.find());
        assertEquals(Answer.ANSWERED, answers.answer(second.group(1), 3, "Card 4111 again"));
        List<String> timeline = f.interactions.timeline(ada, null, 0, 50).stream().map(i -> String.valueOf(i.summary()))
                .toList();
        assertTrue(timeline.toString(), timeline.contains("CSAT 3 on case " + again.id()));
        assertTrue(timeline.toString(), timeline.stream().noneMatch(t -> t.contains("4111")));
    }

    @Test
    public void aReplyWithAScoreAnswersTheSurveyAndAnExpiredLinkChangesNothing() throws Exception {
        ServiceCase c = closed(ada, "Invoice");
        MimeMessage survey = lastSurvey();
        // Taken at its word (no result from the receiving server), a mail from Ada's address answers no survey.
        comms.arrives("From: ada@example.com\nTo: crm@shop.example\nSubject: Re: How did we do?\nMessage-ID: "
                + "<s-0@example.com>\nIn-Reply-To: " + survey.getMessageID() + "\n\n1 - awful\n");
        // Passing SPF for a domain of one's own is no authentication of Ada's.
        comms.arrives("From: ada@example.com\nTo: crm@shop.example\nAuthentication-Results: mx.shop.example; "
                + "spf=pass smtp.mailfrom=evil.example\nSubject: Re: How did we do?\nMessage-ID: "
                + "<s-00@example.com>\nIn-Reply-To: " + survey.getMessageID() + "\n\n1 - awful\n");
        assertEquals(2, comms.poll());
        assertNotNull(heard.poll(10, TimeUnit.SECONDS));
        assertNotNull(heard.poll(10, TimeUnit.SECONDS));
        assertEquals("only the sent survey is in the thread", 1, surveyEntries(c.id()).size());
        assertEquals(0, retention.feedback(ada).size());
        long opened = f.cases.count(new CaseQuery(null, null, null, ada));

        comms.arrives("From: ada@example.com\nTo: crm@shop.example\nAuthentication-Results: mx.shop.example; "
                + "dkim=pass header.d=mail.example.com; spf=pass smtp.mailfrom=example.com\nSubject: Re: How did we do?\n"
                + "Message-ID: <s-1@example.com>\nIn-Reply-To: " + survey.getMessageID() + "\n\n5 - great, thanks!\n\n"
                + "On Monday you wrote:\n> How satisfied are you\n");
        assertEquals(1, comms.poll());
        assertNotNull(heard.poll(10, TimeUnit.SECONDS));
        List<CaseEntry> thread = surveyEntries(c.id());
        assertEquals("Satisfaction 5 of 5: great, thanks!", thread.get(thread.size() - 1).text());
        assertTrue("kept as authenticated", comms.inbound.inbound(ada, 0, 10).stream().filter(m -> m.messageId()
                .equals("<s-1@example.com>")).allMatch(m -> m.authenticated()));
        assertEquals("the answer opens no case", opened, f.cases.count(new CaseQuery(null, null, null, ada)));

        ServiceCase late = closed(ada, "Late");
        Matcher link = LINK.matcher(lastSurvey().getContent().toString());
        assertTrue(link.find());
        f.clock.advance(Duration.ofDays(8));
        assertEquals(Answer.EXPIRED, answers.check(link.group(1)));
        assertEquals(Answer.EXPIRED, answers.answer(link.group(1), 2, null));
        assertEquals(1, surveyEntries(late.id()).size());
        assertEquals(1, retention.feedback(ada).size());

        assertEquals(Surveys.scored("4/5 thanks").orElseThrow(), new Surveys.Scored(4, "thanks"));
        assertEquals(Surveys.scored("3.").orElseThrow(), new Surveys.Scored(3, ""));
        assertFalse("not a score", Surveys.scored("12 items are missing").isPresent());
        assertFalse("not a score", Surveys.scored("2.5 stars").isPresent());
        assertFalse(Surveys.scored("Thanks, 5").isPresent());
        // Three requests a minute from one address in this configuration.
        assertTrue(answers.allow("203.0.113.9") && answers.allow("203.0.113.9") && answers.allow("203.0.113.9"));
        assertFalse(answers.allow("203.0.113.9"));
        assertTrue(answers.allow("203.0.113.10"));
        f.clock.advance(Duration.ofMinutes(1));
        assertTrue(answers.allow("203.0.113.9"));
    }
}

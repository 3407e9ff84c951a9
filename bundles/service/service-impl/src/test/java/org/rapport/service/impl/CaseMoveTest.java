package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.osgi.service.event.Event;
import org.rapport.contacts.api.NewContact;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.rest.Roles;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.facts.ServiceDecisions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Moving a case to another queue, on Derby with the shipped rules/service and a rule of a field
 * queue beside them: the move is in the thread and the audit, the targets not met yet follow the new
 * queue's rules (the time the case waited kept), and a move to no queue, of a closed case, of an
 * assignee who may not work the new queue, or by someone who may not see either queue, is refused
 * naming the field with nothing written.
 */
@Category(UsesDatabase.class)
public class CaseMoveTest {

    private static final String FIELD = "SLA-F01 A field case is answered within 1 hour and resolved within 4, around the clock";

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    private ServiceFixture f;
    private long ada;

    @Before
    public void setUp() {
        Map<String, Object> settings = ServiceFixture.berlin("billing=carol");
        settings.put("queues", new String[] {"support, billing, technical, field"});
        f = new ServiceFixture(db, settings);
        Map<String, String> files = new HashMap<>(ServiceFixture.files(ServiceDecisions.RULE_PACKAGE));
        files.put("queues.drl", """
                package rapport.service;

                import org.rapport.service.facts.CaseProfile;
                import org.rapport.service.facts.ServiceDecisions;

                global org.rapport.rules.api.Decisions decisions;

                rule "%s"
                when
                    $c : CaseProfile( queue == "field" )
                then
                    decisions.decide(ServiceDecisions.FIRST_RESPONSE, $c.getSubject()).with(ServiceDecisions.HOURS, 1)
                        .with(ServiceDecisions.CLOCK, ServiceDecisions.CALENDAR);
                    decisions.decide(ServiceDecisions.RESOLUTION, $c.getSubject()).with(ServiceDecisions.HOURS, 4)
                        .with(ServiceDecisions.CLOCK, ServiceDecisions.CALENDAR);
                end
                """.formatted(FIELD));
        files.put("queues.scenarios.yaml", """
                - scenario: a normal case of the field queue gets its tighter targets beside the priority's
                  given:
                    - CaseProfile: {caseId: 20, priority: normal, channel: email, queue: field}
                  expect:
                    - service.first-response: {subject: "case:20", hours: 1, clock: calendar, rule: "%1$s"}
                    - service.resolution: {subject: "case:20", hours: 4, clock: calendar, rule: "%1$s"}
                    - service.first-response: {subject: "case:20", hours: 8, clock: business, rule: "%2$s"}
                    - service.resolution: {subject: "case:20", hours: 40, clock: business, rule: "%2$s"}
                """.formatted(FIELD, "SLA-003 A normal case is answered within 8 business hours and resolved within 40"));
        f.engine.deploy(ServiceDecisions.RULE_PACKAGE, files, "rules/service", "tester");
        ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    private ServiceCase open(String priority) {
        return f.cases.open(new NewCase("Router down", ada, "email", priority, null, null, "It blinks red"), "erin");
    }

    private List<Event> audited(String action) {
        return f.events.stream().filter(e -> action.equals(e.getProperty(AuditEvents.ACTION))).toList();
    }

    @Test
    public void aMovedCaseIsInTheThreadAndTheAuditAndItsOpenTargetsFollowTheNewQueue() {
        ServiceCase opened = open("normal");
        assertEquals("support", opened.queue());
        Instant at = opened.createdAt();
        f.clock.advance(Duration.ofMinutes(20));

        ServiceCase moved = f.cases.move(opened.id(), " field ", "erin");

        assertEquals("field", moved.queue());
        assertEquals(at.plus(Duration.ofHours(1)), moved.firstResponseDue());
        assertEquals(FIELD, moved.firstResponseRule());
        assertEquals(at.plus(Duration.ofHours(4)), moved.resolutionDue());
        CaseEntry change = f.cases.thread(opened.id()).get(1);
        assertEquals(EntryKind.CHANGE, change.kind());
        assertEquals("erin", change.author());
        assertEquals("queue: support -> field; first reply due " + at.plus(Duration.ofHours(1)) + " by \"" + FIELD
                + "\"; resolve by " + at.plus(Duration.ofHours(4)) + " by \"" + FIELD + "\"", change.text());
        Event audit = audited("case.moved").get(0);
        assertEquals("case " + opened.id(), audit.getProperty(AuditEvents.SUBJECT));
        assertEquals("queue support", audit.getProperty(AuditEvents.BEFORE));
        assertEquals("queue field", audit.getProperty(AuditEvents.AFTER));
        assertEquals(ada, audit.getProperty(AuditEvents.CONTACT_ID));
        assertTrue("the decisions applied are in the ledger", f.ledger.about(opened.decisionSubject(), 10).stream()
                .anyMatch(e -> e.decision().rule().equals(FIELD) && e.facts().contains("queue field")));

        // Back to support: the priority's targets again; moving to the queue it is in writes nothing.
        ServiceCase back = f.cases.move(opened.id(), "support", "erin");
        assertEquals(opened.firstResponseDue(), back.firstResponseDue());
        assertEquals(opened.resolutionDue(), back.resolutionDue());
        int entries = f.cases.thread(opened.id()).size();
        assertEquals("support", f.cases.move(opened.id(), "support", "erin").queue());
        assertEquals(entries, f.cases.thread(opened.id()).size());
        assertEquals(2, audited("case.moved").size());
    }

    @Test
    public void aTargetMetOrMissedStaysAndTheResolutionKeepsTheTimeTheCaseWaited() {
        ServiceCase urgent = open("urgent");
        Instant at = urgent.createdAt();
        assertEquals(at.plus(Duration.ofHours(8)), urgent.resolutionDue());
        f.cases.reply(urgent.id(), "Looking into it", "erin");
        f.cases.transition(urgent.id(), CaseStatus.PENDING, "erin");
        f.clock.advance(Duration.ofMinutes(90));
        f.cases.transition(urgent.id(), CaseStatus.OPEN, "erin");
        assertEquals("90 minutes waited on the customer", at.plus(Duration.ofMinutes(8 * 60 + 90)),
                f.cases.find(urgent.id()).orElseThrow().resolutionDue());

        ServiceCase moved = f.cases.move(urgent.id(), "field", "erin");

        assertEquals("the first reply was given: its target stays", urgent.firstResponseDue(), moved.firstResponseDue());
        assertEquals(urgent.firstResponseRule(), moved.firstResponseRule());
        assertEquals("4 hours of the field queue and the 90 minutes waited", at.plus(Duration.ofMinutes(4 * 60 + 90)),
                moved.resolutionDue());
        assertEquals(FIELD, moved.resolutionRule());
    }

    @Test
    public void aMoveToNoQueueOfAClosedCaseOrOfAnAssigneeWhoMayNotWorkItIsRefusedWithNothingWritten() {
        ServiceCase c = open("normal");
        int entries = f.cases.thread(c.id()).size();
        assertEquals(Map.of("queue", "is required: one of support, billing, technical, field"),
                assertThrows(CaseValidationException.class, () -> f.cases.move(c.id(), " ", "erin")).fieldErrors());
        assertEquals(Map.of("queue", "'vip' is not a queue; one of support, billing, technical, field"),
                assertThrows(CaseValidationException.class, () -> f.cases.move(c.id(), "vip", "erin")).fieldErrors());
        assertTrue(assertThrows(CaseValidationException.class, () -> f.cases.move(c.id() + 1000, "billing", "erin"))
                .notFound());
        f.cases.assign(c.id(), "erin", "erin");
        assertEquals(Map.of("assignee", "'erin' may not work the queue billing (queueAccess)"),
                assertThrows(CaseValidationException.class, () -> f.cases.move(c.id(), "billing", "erin")).fieldErrors());
        f.cases.transition(c.id(), CaseStatus.CLOSED, "erin");
        assertEquals(Map.of("status", "case " + c.id() + " is closed; a closed case stays in its queue"),
                assertThrows(CaseValidationException.class, () -> f.cases.move(c.id(), "field", "erin")).fieldErrors());

        ServiceCase after = f.cases.find(c.id()).orElseThrow();
        assertEquals("support", after.queue());
        assertEquals(c.firstResponseDue(), after.firstResponseDue());
        assertEquals("the assignment and the closing only", entries + 2, f.cases.thread(c.id()).size());
        assertTrue(audited("case.moved").isEmpty());
    }

    @Test
    public void anAgentMovesOnlyFromAndToQueuesTheySee() {
        QueueGuard guard = new QueueGuard(f.cases);
        Viewer erin = new Viewer("erin", Set.of(Roles.AGENT));
        Viewer carol = new Viewer("carol", Set.of(Roles.AGENT));
        ServiceCase c = open("normal");

        assertEquals("a queue erin may not see is no queue to her",
                Map.of("queue", "'billing' is not a queue; one of support, technical, field"),
                assertThrows(CaseValidationException.class, () -> guard.move(c.id(), "billing", erin, "erin")).fieldErrors());
        assertEquals("billing", guard.move(c.id(), "billing", carol, "carol").queue());
        assertTrue("and a case there is none of hers", assertThrows(CaseValidationException.class,
                () -> guard.move(c.id(), "support", erin, "erin")).notFound());
        assertEquals("support", guard.move(c.id(), "support", carol, "carol").queue());
    }
}

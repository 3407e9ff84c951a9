package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.osgi.service.event.Event;
import org.rapport.contacts.api.NewContact;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CaseEvents;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.Escalation;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.QueueFigures;
import org.rapport.service.api.ServiceCase;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The SLA check as the clock moves (no sleeps): near-breaches and breaches raised once each, with a
 * thread entry, an audit entry and an Event Admin event; then the queues' figures.
 */
@Category(UsesDatabase.class)
public class TargetCheckTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    @Test
    public void eachEscalationIsRaisedOnceAndTheFiguresCountWhatWasMet() {
        ServiceFixture f = new ServiceFixture(db, ServiceFixture.berlin()).withShippedRules();
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        // Monday 9 March 2026, 10:00 in Berlin.
        ServiceCase normal = f.cases.open(new NewCase("Invoice", ada, "email", "normal", null, null, "Wrong total"), "a");
        ServiceCase urgent = f.cases.open(new NewCase("Down", ada, "email", "urgent", null, "agent1", "Site down"), "a");
        ServiceCase quick = f.cases.open(new NewCase("Hours", ada, "web", "low", null, null, "When open?"), "a");
        f.clock.advance(Duration.ofMinutes(10));
        f.cases.reply(quick.id(), "9 to 5", "agent2");
        f.clock.advance(Duration.ofMinutes(20));
        f.cases.transition(quick.id(), CaseStatus.RESOLVED, "agent2");
        assertEquals(List.of(), f.cases.checkTargets());

        f.clock.advance(Duration.ofMinutes(20));
        assertEquals("48 of the 60 minutes have passed", List.of(new Escalation(urgent.id(), "first-response-warning",
                urgent.firstResponseDue(), "support", "agent1")), f.cases.checkTargets());
        assertEquals("raised once", List.of(), f.cases.checkTargets());

        f.clock.advance(Duration.ofMinutes(10));
        assertEquals(List.of("first-response-breach"), kinds(f.cases.checkTargets()));
        assertEquals(List.of(), f.cases.checkTargets());

        f.clock.advance(Duration.ofHours(7));
        assertEquals("a breach found late is not also raised as a warning", List.of("resolution-breach"),
                kinds(f.cases.checkTargets()));

        // Tuesday 10:00 in Berlin: the normal case's 8 business hours have passed.
        f.clock.advance(Duration.ofHours(16));
        List<Escalation> tuesday = f.cases.checkTargets();
        assertEquals(List.of(new Escalation(normal.id(), "first-response-breach", Instant.parse("2026-03-10T09:00:00Z"),
                "support", null)), tuesday);
        f.cases.reply(normal.id(), "Corrected", "agent2");
        f.cases.transition(urgent.id(), CaseStatus.RESOLVED, "agent1");
        assertEquals(List.of(), f.cases.checkTargets());

        List<CaseEntry> escalations = f.cases.thread(urgent.id()).stream().filter(e -> e.kind() == EntryKind.ESCALATION)
                .toList();
        assertEquals(3, escalations.size());
        assertEquals("first-response-breach: the first response target is missed, due " + urgent.firstResponseDue()
                + " (by \"SLA-001 An urgent case is answered within 1 hour and resolved within 8, around the clock\")",
                escalations.get(1).text());
        List<Event> posted = f.events.stream().filter(e -> e.getTopic().equals(CaseEvents.ESCALATED)).toList();
        assertEquals(4, posted.size());
        assertEquals(urgent.id(), posted.get(0).getProperty(CaseEvents.CASE_ID));
        assertEquals("agent1", posted.get(0).getProperty(CaseEvents.ASSIGNEE));
        List<Event> audited = f.events.stream().filter(e -> e.getTopic().equals(AuditEvents.TOPIC)).toList();
        assertEquals(4, audited.size());
        assertEquals("case.escalated", audited.get(3).getProperty(AuditEvents.ACTION));
        assertEquals("case " + normal.id(), audited.get(3).getProperty(AuditEvents.SUBJECT));
        assertEquals(ada, audited.get(3).getProperty(AuditEvents.CONTACT_ID));

        List<QueueFigures> figures = f.cases.figures(Instant.parse("2026-03-09T00:00:00Z"),
                Instant.parse("2026-03-16T00:00:00Z"));
        assertEquals(List.of(
                new QueueFigures("support", 3, 1, (10 + 1440) / 2.0, (30 + 1440) / 2.0, 2, 0.5),
                new QueueFigures("billing", 0, 0, null, null, 0, null),
                new QueueFigures("technical", 0, 0, null, null, 0, null)), figures);
        assertEquals(3, f.cases.figures(Instant.parse("2026-03-09T09:00:00Z"), Instant.parse("2026-03-09T09:00:00.001Z"))
                .get(0).opened());
        // A period the database cannot hold (to 9999-12-31, asked over REST by any agent) is refused naming it.
        for (Instant[] period : new Instant[][] {{Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z")},
            {Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")}}) {
            try {
                f.cases.figures(period[0], period[1]);
                fail("figures over " + period[0] + " to " + period[1]);
            } catch (CaseValidationException e) {
                assertTrue(e.getMessage(), e.fieldErrors().get("from").startsWith("a period is at most 731 days"));
            }
        }
    }

    @Test
    public void theResolutionClockStopsWhileACaseWaitsOnTheCustomer() {
        ServiceFixture f = new ServiceFixture(db, ServiceFixture.berlin()).withShippedRules();
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        // Monday 9 March 2026, 10:00 in Berlin: 40 business hours to resolve, 8 calendar hours when urgent.
        ServiceCase normal = f.cases.open(new NewCase("Invoice", ada, "email", "normal", null, null, "Wrong total"), "a");
        ServiceCase urgent = f.cases.open(new NewCase("Down", ada, "email", "urgent", null, "agent1", "Site down"), "a");
        assertEquals(Instant.parse("2026-03-16T09:00:00Z"), normal.resolutionDue());
        f.clock.advance(Duration.ofMinutes(30));
        f.cases.reply(urgent.id(), "Which page?", "agent1");
        f.cases.transition(urgent.id(), CaseStatus.PENDING, "agent1");
        f.clock.advance(Duration.ofMinutes(30));
        f.cases.reply(normal.id(), "Which invoice?", "agent2");
        f.cases.transition(normal.id(), CaseStatus.PENDING, "agent2");
        f.clock.advance(Duration.ofHours(2));
        ServiceCase resumed = f.cases.transition(urgent.id(), CaseStatus.OPEN, "agent1");
        assertEquals("two and a half calendar hours later", urgent.resolutionDue().plus(Duration.ofMinutes(150)),
                resumed.resolutionDue());

        // Tuesday 17 March, 10:00 in Berlin: past the normal case's first due time, but it has been waiting.
        f.clock.advance(Duration.between(f.clock.instant(), Instant.parse("2026-03-17T09:00:00Z")));
        assertEquals(List.of(new Escalation(urgent.id(), "resolution-breach", resumed.resolutionDue(), "support",
                "agent1")), f.cases.checkTargets());
        f.cases.message(normal.id(), "Invoice 42.", "customer");
        ServiceCase back = f.cases.find(normal.id()).orElseThrow();
        assertEquals(CaseStatus.OPEN, back.status());
        assertEquals("39 business hours were left at the pause: from Tuesday 10:00 to Monday 23 March 17:00",
                Instant.parse("2026-03-23T16:00:00Z"), back.resolutionDue());
        assertEquals(List.of(), f.cases.checkTargets());
        f.clock.advance(Duration.ofHours(1));
        f.cases.transition(normal.id(), CaseStatus.RESOLVED, "agent2");
        assertEquals("resolved in two hours of work, the 191 hours of waiting not counted",
                new QueueFigures("support", 2, 1, 45.0, 120.0, 1, 1.0),
                f.cases.figures(Instant.parse("2026-03-09T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z")).get(0));
    }

    @Test
    public void aCaseAlreadyLateWhenItBeginsToWaitStaysLate() {
        ServiceFixture f = new ServiceFixture(db, ServiceFixture.berlin()).withShippedRules();
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        ServiceCase late = f.cases.open(new NewCase("Down", ada, "email", "urgent", null, "agent1", "Site down"), "a");
        f.clock.advance(Duration.ofMinutes(30));
        f.cases.reply(late.id(), "Looking", "agent1");
        // Past its 8 calendar hours before any check noticed, then waiting on the customer for a day.
        f.clock.advance(Duration.ofHours(9));
        f.cases.transition(late.id(), CaseStatus.PENDING, "agent1");
        f.clock.advance(Duration.ofHours(24));
        ServiceCase back = f.cases.transition(late.id(), CaseStatus.OPEN, "agent1");
        assertEquals("the wait does not move a due time already passed", late.resolutionDue(), back.resolutionDue());
        assertEquals(List.of("resolution-breach"), kinds(f.cases.checkTargets()));
    }

    private static List<String> kinds(List<Escalation> escalations) {
        return escalations.stream().map(Escalation::kind).toList();
    }
}

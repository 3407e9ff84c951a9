package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.Schedule;
import org.rapport.campaigns.api.Variant;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.privacy.api.ConsentState;
import org.rapport.segments.api.SegmentService;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Recurring campaigns on the real components of {@link CampaignsFixture}: occurrences at a local
 * time in a time zone, each to the segment as it is then and each contact once, paused occurrences
 * not made up, cancelled for good, figures per occurrence and in total.
 */
@Category(UsesDatabase.class)
public class RecurringTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-campaigns", "rapport-contacts", "rapport-segments",
            "rapport-communication", "rapport-privacy", "rapport-rules");

    private CampaignsFixture f;

    @Before
    public void setUp() {
        f = new CampaignsFixture(db);
    }

    @After
    public void tearDown() {
        f.close();
    }

    private NewCampaign daily(String name, Schedule schedule) {
        return new NewCampaign(name, "regulars", "marketing", "email", List.of(new Variant("spring-a", 100)), null, 100,
                schedule);
    }

    /** The job's run as the watch starts it, and the outbox's pass. */
    private void watch() {
        f.sending.kick("test");
        f.dispatch();
    }

    @Test
    public void occurrencesReachTheSegmentAsItIsThenOnceEachAndPauseAndCancelStopTheNextOnes() {
        f.customer("ann", "regular", ConsentState.GRANTED, null);
        f.customer("ben", "regular", ConsentState.GRANTED, null);
        f.segments.define("regulars", "regular buyers", "tag:regular", "analyst");

        ContactValidationException bad = null;
        try {
            f.campaigns.define(daily("bad", new Schedule("hourly", "monday", "25:00", "Mars/Olympus")), "analyst");
        } catch (ContactValidationException e) {
            bad = e;
        }
        assertEquals(Set.of("schedule.every", "schedule.day", "schedule.at", "schedule.timeZone"),
                bad.fieldErrors().keySet());
        try {
            f.campaigns.define(daily("bad", new Schedule("weekly", null, "09:00", "UTC")), "analyst");
        } catch (ContactValidationException e) {
            bad = e;
        }
        assertEquals(Set.of("schedule.day"), bad.fieldErrors().keySet());
        assertTrue(f.campaigns.find("bad").isEmpty());

        // 11:00 in Paris is 10:00 UTC in December; the fixture's clock stands at 09:00 UTC.
        Campaign c = f.campaigns.define(daily("daily-tip", new Schedule("Daily", null, "11:00", "Europe/Paris")),
                "analyst");
        assertEquals(new Schedule("daily", null, "11:00", "Europe/Paris"), c.schedule());
        Campaign launched = f.campaigns.launch(c.id(), "analyst");
        assertEquals(CampaignStatus.SCHEDULED, launched.status());
        assertEquals(0, launched.recipients());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), launched.nextOccurrenceAt());
        watch();
        assertEquals("not before its time", 0, f.delivered.size());

        f.clock.advance(Duration.ofHours(1));
        watch();
        assertEquals(2, f.delivered.size());
        watch();
        assertEquals("each contact once per occurrence", 2, f.delivered.size());
        Campaign first = f.campaigns.find(c.id()).orElseThrow();
        assertEquals(CampaignStatus.SCHEDULED, first.status());
        assertEquals(1, first.occurrences());
        assertEquals(Instant.parse("2026-12-02T10:00:00Z"), first.nextOccurrenceAt());

        f.customer("cat", "regular", ConsentState.GRANTED, null);
        f.segments.refresh("regulars");
        f.campaigns.pause(c.id(), "analyst");
        assertNull(f.campaigns.find(c.id()).orElseThrow().nextOccurrenceAt());
        f.clock.advance(Duration.ofHours(25));
        watch();
        assertEquals("paused: no occurrence", 2, f.delivered.size());
        Campaign resumed = f.campaigns.resume(c.id(), "analyst");
        assertEquals("the missed occurrence is not made up", Instant.parse("2026-12-03T10:00:00Z"),
                resumed.nextOccurrenceAt());
        assertEquals(CampaignStatus.SCHEDULED, resumed.status());

        f.clock.advance(Duration.ofHours(23));
        watch();
        assertEquals("the segment as it is now: Cat too", 5, f.delivered.size());
        CampaignFigures figures = f.campaigns.figures(c.id());
        assertEquals(5, figures.total().targeted());
        assertEquals(5, figures.total().sent());
        assertEquals(List.of(1, 2), figures.occurrences().stream().map(CampaignFigures.Occurrence::number).toList());
        assertEquals(2, figures.occurrences().get(0).total().sent());
        assertEquals(3, figures.occurrences().get(1).total().sent());
        assertEquals(5, f.campaigns.find(c.id()).orElseThrow().recipients());

        f.campaigns.cancel(c.id(), "analyst");
        f.clock.advance(Duration.ofDays(1));
        watch();
        assertEquals("cancelled: no more occurrences", 5, f.delivered.size());
        Campaign cancelled = f.campaigns.find(c.id()).orElseThrow();
        assertEquals(CampaignStatus.CANCELLED, cancelled.status());
        assertNull(cancelled.nextOccurrenceAt());
        assertEquals(2, cancelled.occurrences());
    }

    @Test
    public void anOccurrenceReadsTheSegmentAfterTheLastIdSoMembersJoiningAndLeavingBetweenPagesRepeatNobody() {
        long ann = f.customer("ann", "late", ConsentState.GRANTED, null);
        long ben = f.customer("ben", "regular", ConsentState.GRANTED, null);
        long cat = f.customer("cat", "regular", ConsentState.GRANTED, null);
        f.customer("dan", "early", ConsentState.GRANTED, null);
        long eve = f.customer("eve", "regular", ConsentState.GRANTED, null);
        f.segments.define("regulars", "regular buyers", "tag:regular or tag:early", "analyst");
        // After the first page (Ben, Cat) Ann joins before them and Dan leaves: read by offset, the
        // second page would be Cat again.
        AtomicInteger pages = new AtomicInteger();
        SegmentService changing = (SegmentService) Proxy.newProxyInstance(SegmentService.class.getClassLoader(),
                new Class<?>[] {SegmentService.class}, (proxy, method, args) -> {
                    Object answer;
                    try {
                        answer = method.invoke(f.segments, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().startsWith("member") && pages.incrementAndGet() == 1) {
                        f.segments.define("regulars", "regular buyers", "tag:regular or tag:late", "analyst");
                    }
                    return answer;
                });
        Occurrences occurrences = new Occurrences(f.unit, new Audiences(changing, f.contacts, 2));
        Campaign c = f.campaigns.launch(f.campaigns.define(daily("daily-tip", new Schedule("daily", null, "11:00",
                "Europe/Paris")), "analyst").id(), "analyst");

        f.clock.advance(Duration.ofHours(1));
        occurrences.startDue(f.clock.instant());

        assertTrue("read in pages", pages.get() >= 2);
        assertEquals(List.of(ben, cat, eve), f.recipients(c.id()));
        Campaign started = f.campaigns.find(c.id()).orElseThrow();
        assertEquals(1, started.occurrences());
        assertEquals(3, started.recipients());
        assertEquals(CampaignStatus.SENDING, started.status());
        assertEquals(Instant.parse("2026-12-02T10:00:00Z"), started.nextOccurrenceAt());
        occurrences.startDue(f.clock.instant());
        assertEquals("started once, not again at the next tick", 1, f.campaigns.find(c.id()).orElseThrow()
                .occurrences());
        assertTrue(f.recipients(c.id()).indexOf(ann) < 0);
    }
}

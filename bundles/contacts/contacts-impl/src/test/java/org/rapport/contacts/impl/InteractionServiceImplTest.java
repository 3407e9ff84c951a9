package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactInteraction;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Direction;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class InteractionServiceImplTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private final List<Event> posted = Collections.synchronizedList(new ArrayList<>());
    private InteractionServiceImpl interactions;
    private long ada;

    @Before
    public void setUp() {
        interactions = new InteractionServiceImpl(db.emf(), Clock.fixed(NOW, ZoneOffset.UTC));
        interactions.setEventAdmin(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        });
        ada = new ContactServiceImpl(db.emf()).create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    private Interaction record(String channel, String type, Instant at) {
        return interactions.record(ada, new NewInteraction(channel, "inbound", type, at, type + " at " + at, Map.of()), "agent");
    }

    @Test
    public void aTimelineHoldsEveryChannelNewestFirstAndPages() {
        record("phone", "call", NOW.minusSeconds(300));
        record("email", "message", NOW.minusSeconds(100));
        record("in-person", "visit", NOW.minusSeconds(200));
        record("web", "visit", NOW.minusSeconds(50));

        List<Interaction> all = interactions.timeline(ada, Set.of(), 0, 10);

        assertEquals(List.of("web", "email", "in-person", "phone"), all.stream().map(i -> i.channel().label()).toList());
        assertEquals(List.of("email", "in-person"),
                interactions.timeline(ada, Set.of(), 1, 2).stream().map(i -> i.channel().label()).toList());
        assertEquals(2, interactions.count(ada, Set.of(Channel.PHONE, Channel.WEB)));
        assertEquals(List.of("web", "phone"), interactions.timeline(ada, Set.of(Channel.PHONE, Channel.WEB), 0, 10)
                .stream().map(i -> i.channel().label()).toList());
    }

    @Test
    public void aPayloadOfAnyTextComesBackAsItWent() {
        Map<String, String> payload = Map.of("order", "A-1001", "note", "line one\nline two = x: #1 \\ ünïcode ",
                "empty", "");
        Interaction stored = interactions.record(ada, new NewInteraction("web", "inbound", "purchase", null, null, payload),
                "webshop");

        Interaction read = interactions.timeline(ada, Set.of(), 0, 1).get(0);
        assertEquals(payload, read.payload());
        assertEquals(stored, read);
        assertEquals(NOW, read.occurredAt());
        assertEquals(Direction.INBOUND, read.direction());
    }

    @Test
    public void aRecordedInteractionIsAnnouncedWithItsDetails() {
        Interaction stored = interactions.record(ada, new NewInteraction("email", "outbound", "newsletter", NOW, "November",
                Map.of("campaign", "nov-26")), "campaigns");

        Event event = posted.get(0);
        assertEquals(InteractionEvents.RECORDED, event.getTopic());
        assertEquals(ada, event.getProperty(InteractionEvents.CONTACT_ID));
        assertEquals(stored.id(), event.getProperty(InteractionEvents.INTERACTION_ID));
        assertEquals("email", event.getProperty(InteractionEvents.CHANNEL));
        assertEquals("outbound", event.getProperty(InteractionEvents.DIRECTION));
        assertEquals("nov-26", event.getProperty(InteractionEvents.PAYLOAD_PREFIX + "campaign"));
    }

    @Test
    public void anInteractionsSummaryIsReplacedByItsEventIdOnceAndAnythingBlankIsRefused() {
        interactions.record(ada, new NewInteraction("email", "inbound", "message", NOW, "My card was charged twice",
                Map.of(), "inbound-7"), "communication");
        interactions.record(ada, new NewInteraction("email", "inbound", "message", NOW, "Hello again", Map.of(),
                "inbound-8"), "communication");

        assertEquals(1, interactions.resummarize(List.of("inbound-7", "inbound-9"), "message (kept by service)"));
        assertEquals("already so", 0, interactions.resummarize(List.of("inbound-7"), "message (kept by service)"));
        Map<String, String> summaries = new java.util.HashMap<>();
        interactions.timeline(ada, Set.of(), 0, 10).forEach(i -> summaries.put(i.eventId(), i.summary()));
        assertEquals(Map.of("inbound-7", "message (kept by service)", "inbound-8", "Hello again"), summaries);

        ContactValidationException blank = assertThrows(ContactValidationException.class,
                () -> interactions.resummarize(List.of("inbound-8", " "), "x".repeat(1001)));
        assertEquals(Set.of("eventIds", "summary"), blank.fieldErrors().keySet());
        assertEquals("is longer than 1000 characters", blank.fieldErrors().get("summary"));
        assertEquals("nothing changed", "Hello again", interactions.timeline(ada, Set.of(), 0, 10).stream()
                .filter(i -> "inbound-8".equals(i.eventId())).findFirst().orElseThrow().summary());
    }

    @Test
    public void anEventDeliveredTwiceIsRecordedOnce() {
        NewInteraction call = new NewInteraction("phone", "inbound", "call", NOW, "Asked about delivery", Map.of(),
                "pbx-4711");
        Interaction first = interactions.record(ada, call, "pbx");
        Interaction again = interactions.record(ada, call, "pbx");

        assertEquals(first, again);
        assertEquals("pbx-4711", again.eventId());
        assertEquals(1, interactions.count(ada, Set.of()));
        assertEquals("announced once", 1, posted.size());
        long bob = new ContactServiceImpl(db.emf()).create(new NewContact("bob@example.com", "Bob", "Smith")).id();
        ContactValidationException expected = assertThrows("another contact's event", ContactValidationException.class,
                () -> interactions.record(bob, call, "pbx"));
        assertEquals("event 'pbx-4711' was recorded before as a call of contact " + ada,
                expected.fieldErrors().get("eventId"));
    }

    @Test
    public void anEventDeliveredToTwoNodesAtOnceIsRecordedOnce() throws Exception {
        InteractionServiceImpl otherNode = new InteractionServiceImpl(db.emf(), Clock.fixed(NOW, ZoneOffset.UTC));
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                NewInteraction visit = new NewInteraction("web", "inbound", "visit", NOW, null, Map.of(), "web-" + i);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Interaction> a = both.submit(() -> {
                    together.await();
                    return interactions.record(ada, visit, "web");
                });
                Future<Interaction> b = both.submit(() -> {
                    together.await();
                    return otherNode.record(ada, visit, "web");
                });
                assertEquals(a.get().id(), b.get().id());
            }
        } finally {
            both.shutdownNow();
        }
        assertEquals(20, interactions.count(ada, Set.of()));
    }

    @Test
    public void badInteractionsAreRefusedNamingEachFieldAndNothingIsStored() {
        ContactValidationException refused = assertThrows("refused", ContactValidationException.class,
                () -> interactions.record(ada, new NewInteraction("fax", null, "Phone Call", NOW.plusSeconds(3600),
                        "x".repeat(1001), Map.of("bad name", "v"), "e".repeat(201)), "agent"));
        assertEquals(Set.of("channel", "direction", "type", "occurredAt", "summary", "payload", "eventId"),
                refused.fieldErrors().keySet());
        assertTrue(refused.fieldErrors().get("channel"), refused.fieldErrors().get("channel").contains("in-person"));
        ContactValidationException unknown = assertThrows("no such contact", ContactValidationException.class,
                () -> interactions.record(ada + 1000, new NewInteraction("phone", "inbound", "call", null, null, null),
                        "agent"));
        assertEquals("there is no contact " + (ada + 1000), unknown.fieldErrors().get("contactId"));
        assertEquals(0, interactions.count(ada, Set.of()));
        assertTrue(posted.isEmpty());
    }

    @Test
    public void anInteractionPostedOnEventAdminIsRecordedAndABadOneDropped() {
        InteractionRecorder recorder = new InteractionRecorder(interactions);
        recorder.handleEvent(new Event(InteractionEvents.RECORD, Map.of(InteractionEvents.CONTACT_ID, Long.toString(ada),
                InteractionEvents.CHANNEL, "social", InteractionEvents.DIRECTION, "inbound",
                InteractionEvents.TYPE, "mention", InteractionEvents.SOURCE, "social-listener",
                InteractionEvents.PAYLOAD_PREFIX + "network", "mastodon")));
        recorder.handleEvent(new Event(InteractionEvents.RECORD, Map.of(InteractionEvents.CONTACT_ID, "nobody",
                InteractionEvents.CHANNEL, "social")));
        recorder.deactivate(); // records what it queued

        List<Interaction> timeline = interactions.timeline(ada, Set.of(), 0, 10);
        assertEquals(1, timeline.size());
        assertEquals("social-listener", timeline.get(0).source());
        assertEquals(Map.of("network", "mastodon"), timeline.get(0).payload());
    }

    @Test
    public void aPageIsRecordedInOneGoEachEventOnceAndOneThatCannotBeCostsOnlyItself() {
        List<InteractionServiceImpl.Checked> page = new ArrayList<>();
        for (String event : List.of("order-1", "order-2", "order-1")) {
            page.add(interactions.check(ada, new NewInteraction("web", "inbound", "purchase", null, null, Map.of(), event),
                    "loyalty"));
        }
        interactions.recordAll(page);
        assertEquals(2, interactions.count(ada, Set.of()));
        assertEquals("announced once each", 2, posted.size());

        // A contact that went: the page's transaction fails on it, after order-3 was written in it.
        List<InteractionServiceImpl.Checked> failing = List.of(
                interactions.check(ada, new NewInteraction("web", "inbound", "purchase", null, null, Map.of(), "order-3"), "loyalty"),
                interactions.check(ada + 1000, new NewInteraction("web", "inbound", "purchase", null, null, Map.of(), "order-4"), "loyalty"),
                interactions.check(ada, new NewInteraction("web", "inbound", "purchase", null, null, Map.of(), "order-5"), "loyalty"));
        interactions.recordAll(failing);
        assertEquals("order-3 once, order-4 nowhere", List.of("order-1", "order-2", "order-3", "order-5"),
                interactions.timeline(ada, Set.of(), 0, 10).stream().map(Interaction::eventId).sorted().toList());
        assertEquals(4, posted.size());
    }

    @Test
    public void aPostedInteractionIsRecordedAsItWasCheckedWhenItArrived() {
        MutableClock clock = new MutableClock(NOW);
        InteractionServiceImpl later = new InteractionServiceImpl(db.emf(), clock);
        InteractionServiceImpl.Checked arrived = later.check(ada, new NewInteraction("web", "inbound", "visit", null,
                "  Looked at boots ", Map.of(), "visit-1"), "plugin");
        clock.advance(Duration.ofMinutes(5));
        later.recordAll(List.of(arrived));
        Interaction stored = later.timeline(ada, Set.of(), 0, 1).get(0);
        assertEquals("its time is when it arrived, as it was checked then", NOW, stored.occurredAt());
        assertEquals(NOW.plus(Duration.ofMinutes(5)), stored.recordedAt());
        assertEquals("Looked at boots", stored.summary());
    }

    @Test
    public void totalsCountEachContactsInteractionsForListsOfContactsOfAnyLength() {
        long grace = grace();
        record("web", "visit", NOW.minusSeconds(60));
        record("web", "visit", NOW.minusSeconds(30));
        record("web", "visit", NOW.minusSeconds(7200));
        record("phone", "call", NOW.minusSeconds(30));
        interactions.record(grace, new NewInteraction("web", "inbound", "visit", NOW.minusSeconds(10), null, Map.of()),
                "agent");
        Instant since = NOW.minusSeconds(3600);

        // A list longer than a statement takes (in chunks), unsorted, with repeats and contacts who do not exist.
        List<Long> many = new ArrayList<>(List.of(grace, ada, grace));
        for (long i = 0; i < Totals.CHUNK + 500; i++) {
            many.add(1_000_000 + i);
        }
        for (List<Long> contacts : List.of(many, List.of(grace, ada), List.of(ada, ada))) {
            List<String> totals = interactions.totals("visit", since, null, contacts).stream()
                    .map(t -> t.contactId() + ":" + t.count() + "@" + t.latest()).toList();
            List<String> expected = new ArrayList<>(List.of(ada + ":2@" + NOW.minusSeconds(30)));
            if (contacts.contains(grace)) {
                expected.add(grace + ":1@" + NOW.minusSeconds(10));
            }
            assertEquals("the totals of " + contacts.size() + " contacts", expected, totals);
        }
        assertEquals(List.of(ada + ":2", grace + ":1"), interactions.totals("visit", since, null, null).stream()
                .map(t -> t.contactId() + ":" + t.count()).toList());
        assertEquals(List.of(), interactions.totals("visit", since, null, List.of()));
    }

    // A page in one transaction (recordAll): all of it, or none.

    private static ContactInteraction sent(long contact, String summary, String eventId) {
        return new ContactInteraction(contact, new NewInteraction("email", "outbound", "message", NOW.minusSeconds(60),
                summary, Map.of("messageId", summary), eventId));
    }

    private long rows(String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Grace, a second contact, for a page of several contacts' interactions. */
    private long grace() {
        return new ContactServiceImpl(db.emf()).create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
    }

    @Test
    public void aPageIsStoredInOrderEachWithItsEventAndAnnouncedAfterTheCommit() throws SQLException {
        long grace = grace();
        Interaction before = interactions.record(grace, sent(grace, "earlier", "evt-1").interaction(), "communication");
        posted.clear();
        long events = rows("DOMAIN_EVENT");

        List<Interaction> page = interactions.recordAll(List.of(sent(ada, "m1", null), sent(grace, "m2", null),
                sent(grace, "again", "evt-1"), sent(ada, "m3", null)), "communication");

        assertEquals(List.of(ada, grace, grace, ada), page.stream().map(Interaction::contactId).toList());
        assertEquals(List.of("m1", "m2", "earlier", "m3"), page.stream().map(Interaction::summary).toList());
        assertEquals("an event id recorded before answers the interaction stored then", before, page.get(2));
        assertEquals(List.of("m3", "m1"), interactions.timeline(ada, Set.of(), 0, 10).stream()
                .map(Interaction::summary).sorted(Collections.reverseOrder()).toList());
        assertEquals(3, rows("DOMAIN_EVENT") - events);
        assertEquals(List.of(page.get(0).id(), page.get(1).id(), page.get(3).id()), posted.stream()
                .filter(e -> e.getTopic().equals(InteractionEvents.RECORDED))
                .map(e -> (Long) e.getProperty(InteractionEvents.INTERACTION_ID)).toList());
    }

    @Test
    public void anInvalidEntryOrAnUnknownContactIsNamedByItsEntryAndNothingIsStored() throws SQLException {
        long grace = grace();
        long events = rows("DOMAIN_EVENT"); // the contacts' own
        ContactValidationException invalid = assertThrows(ContactValidationException.class, () -> interactions.recordAll(
                List.of(sent(ada, "m1", null), new ContactInteraction(grace, new NewInteraction("pigeon", "outbound",
                        "message", NOW, "m2", Map.of()))), "communication"));
        ContactValidationException unknown = assertThrows(ContactValidationException.class, () -> interactions.recordAll(
                List.of(sent(ada, "m1", null), sent(grace, "m2", null), sent(424242L, "m3", null)), "communication"));

        assertEquals(Set.of("interactions[1].channel"), invalid.fieldErrors().keySet());
        assertEquals(Map.of("interactions[2].contactId", "there is no contact 424242"), unknown.fieldErrors());
        assertEquals(0, rows("INTERACTION"));
        assertEquals(events, rows("DOMAIN_EVENT"));
        assertTrue(posted.isEmpty());
    }

    @Test
    public void aRowTheDatabaseRefusesMidPageLeavesNoneOfThePageWritten() throws SQLException {
        long grace = grace();
        long events = rows("DOMAIN_EVENT"); // the contacts' own
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("alter table INTERACTION add constraint NOT_REFUSED check (SUMMARY <> 'refused')");
        }

        assertThrows(RuntimeException.class, () -> interactions.recordAll(List.of(sent(ada, "m1", null),
                sent(grace, "refused", null), sent(ada, "m3", null)), "communication"));

        assertEquals(0, rows("INTERACTION"));
        assertEquals(events, rows("DOMAIN_EVENT"));
        assertTrue(posted.isEmpty());
        assertEquals(2, interactions.recordAll(List.of(sent(ada, "m1", null), sent(ada, "m3", null)), "communication")
                .size());
        assertEquals(2, rows("INTERACTION"));
    }
}

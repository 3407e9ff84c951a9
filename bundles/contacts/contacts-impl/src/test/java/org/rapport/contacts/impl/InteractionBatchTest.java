package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.ContactInteraction;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** A page of interactions recorded in one transaction ({@code recordAll}): all of it, or none. */
@Category(UsesDatabase.class)
public class InteractionBatchTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private final List<Event> posted = Collections.synchronizedList(new ArrayList<>());
    private InteractionServiceImpl interactions;
    private long ada;
    private long grace;

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
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf());
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
    }

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

    @Test
    public void aPageIsStoredInOrderEachWithItsEventAndAnnouncedAfterTheCommit() throws SQLException {
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

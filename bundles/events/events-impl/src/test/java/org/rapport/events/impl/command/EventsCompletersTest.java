package org.rapport.events.impl.command;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.events.impl.EventsService;
import org.rapport.events.impl.TestEvents;
import org.rapport.rest.Roles;
import org.rapport.testing.MutableClock;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** Subscription ids and event types complete for administrators, and for no one else. */
@Category(UsesDatabase.class)
public class EventsCompletersTest {

    @Rule
    public final TestPersistence db = new TestPersistence("events-test");

    @Test
    public void administratorsAreOfferedSubscriptionsAndTypesAndAgentsNothing() {
        EventsService events = TestEvents.open(db.dataSource(), new MutableClock(Instant.parse("2026-12-01T09:00:00Z")));
        long erp = events.subscribe("erp", "http://127.0.0.1:9/hook", List.of("contact.created"), "admin").subscription().id();
        SubscriptionIdCompleter ids = new SubscriptionIdCompleter();
        ids.events = events;
        EventTypeCompleter types = new EventTypeCompleter();

        assertEquals(List.of(Long.toString(erp)), ShellSessions.values(ids, Roles.ADMIN, "events:resume", ""));
        assertEquals(List.of(), ShellSessions.values(ids, Roles.AGENT, "events:resume", ""));
        assertEquals(List.of("contact.created", "contact.updated", "contact.merged", "contact.erased"),
                ShellSessions.values(types, Roles.ADMIN, "events:subscribe", "erp", "http://x", "cont"));
        assertEquals(List.of(), ShellSessions.values(types, Roles.ANALYST, "events:subscribe", "erp", "http://x", ""));
    }
}

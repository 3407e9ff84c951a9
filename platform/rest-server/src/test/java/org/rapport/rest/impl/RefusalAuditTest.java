package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

public class RefusalAuditTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final List<Event> entries = new ArrayList<>();
    private final RefusalAudit audit = new RefusalAudit(now::get);

    /** Event Admin as the audit log receives it: each event, in order. */
    @Before
    public void anEventAdmin() {
        audit.events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                entries.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                entries.add(event);
            }
        };
    }

    private static String property(Event event, String name) {
        return (String) event.getProperty("audit." + name);
    }

    @Test
    public void aRefusalIsRecordedWithWhoWhatWhereAndWhy() {
        audit.refused("access", "key abcdefghijkl", "198.51.100.1", "GET /api/v1/users", "forbidden: for administrators only");

        assertEquals(1, entries.size());
        Event entry = entries.get(0);
        assertEquals(AuditTrail.TOPIC, entry.getTopic());
        assertEquals("key abcdefghijkl", property(entry, "actor"));
        assertEquals("refused.access", property(entry, "action"));
        assertEquals("GET /api/v1/users", property(entry, "subject"));
        assertEquals("refused from 198.51.100.1: forbidden: for administrators only", property(entry, "after"));
    }

    @Test
    public void repeatsAreSummarisedOnceAMinutePerKindActorAndAddress() {
        for (int i = 0; i < 50; i++) {
            audit.refused("access", "grace", "198.51.100.1", "GET /api/v1/users/" + i, "forbidden");
        }
        audit.refused("access", "grace", "198.51.100.2", "GET /api/v1/users", "forbidden");
        audit.refused("size", "grace", "198.51.100.1", "POST /api/v1/contacts", "too large");
        assertEquals("one for each kind, actor and address", 3, entries.size());

        now.addAndGet(60 * SECOND);
        audit.refused("access", "grace", "198.51.100.1", "GET /api/v1/keys", "forbidden");

        assertEquals(4, entries.size());
        assertTrue(property(entries.get(3), "after"), property(entries.get(3), "after")
                .endsWith("(and 49 more refusals like it in the minute before, not recorded one by one)"));
    }

    @Test
    public void manyActorsAtOnceAreCappedAndTheRestReportedAfterTheMinute() {
        int sent = RefusalAudit.ENTRIES_PER_MINUTE + 500;
        for (int i = 0; i < sent; i++) {
            audit.refused("credentials", "unchecked user u" + i, "203.0.113." + (i % 250), "GET /api/v1/contacts", "invalid_credentials");
        }
        assertEquals(RefusalAudit.ENTRIES_PER_MINUTE, entries.size());

        now.addAndGet(61 * SECOND);
        audit.refused("credentials", "unchecked user late", "203.0.113.1", "GET /api/v1/contacts", "invalid_credentials");

        Event report = entries.get(RefusalAudit.ENTRIES_PER_MINUTE);
        assertEquals("refused.unrecorded", property(report, "action"));
        assertTrue(property(report, "after"), property(report, "after").startsWith("500 refusals in the minute before"));
        assertEquals("unchecked user late", property(entries.get(entries.size() - 1), "actor"));
    }

    @Test
    public void valuesAreCutAndControlCharactersReplaced() {
        audit.refused("credentials", "unchecked user \u001b[2J" + "x".repeat(1_000), "198.51.100.1", "GET /api/v1/x\r\nforged",
                "invalid_credentials");

        Event entry = entries.get(0);
        assertTrue(property(entry, "actor"), property(entry, "actor").startsWith("unchecked user ?[2Jxxx"));
        assertTrue(property(entry, "actor").length() <= 201);
        assertEquals("GET /api/v1/x??forged", property(entry, "subject"));
    }
}

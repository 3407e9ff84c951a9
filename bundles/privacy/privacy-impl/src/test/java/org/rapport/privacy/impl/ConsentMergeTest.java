package org.rapport.privacy.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Merge;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactMergerImpl;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Consents combined in a merge, the stricter choice winning, and put back on undo. */
@Category(UsesDatabase.class)
public class ConsentMergeTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T09:00:00Z"));
    private ConsentServiceImpl consents;
    private ContactMergerImpl merger;
    private long ada;
    private long augusta;

    @Before
    public void setUp() {
        ContactPropertiesImpl properties = new ContactPropertiesImpl(db.emf("rapport-contacts"));
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"), properties);
        consents = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock,
                ConsentServiceImpl.purposes(new String[] {"marketing, profiling, service"}));
        merger = new ContactMergerImpl(db.emf("rapport-contacts"), properties, clock);
        merger.addParticipant(new ConsentMerge(db.emf("rapport-privacy"), consents, clock));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        augusta = contacts.create(new NewContact("augusta@example.org", "Augusta", "King")).id();
    }

    private void record(long contact, String purpose, Channel channel, ConsentState state, Instant expiresAt) {
        consents.record(new ConsentChange(contact, purpose, channel, state, null, "web form", null, expiresAt), "agent");
        clock.advance(Duration.ofMinutes(1));
    }

    private Map<String, String> current(long contact) {
        Map<String, String> states = new TreeMap<>();
        consents.current(contact).forEach(c -> states.put(c.purpose() + "/" + (c.channel() == null ? "*" : c.channel().label()),
                c.state().name().toLowerCase() + (c.expiresAt() == null ? "" : " until " + c.expiresAt())));
        return states;
    }

    @Test
    public void theStricterChoiceWinsAndUndoPutsTheSurvivorsBack() {
        Instant soon = Instant.parse("2027-01-01T00:00:00Z");
        Instant later = Instant.parse("2028-01-01T00:00:00Z");
        record(ada, "marketing", Channel.EMAIL, ConsentState.GRANTED, null);
        record(augusta, "marketing", Channel.EMAIL, ConsentState.WITHDRAWN, null);
        record(ada, "profiling", null, ConsentState.GRANTED, later);
        record(augusta, "profiling", null, ConsentState.GRANTED, soon);
        record(ada, "service", Channel.PHONE, ConsentState.WITHDRAWN, null);
        record(augusta, "service", Channel.PHONE, ConsentState.GRANTED, null);
        record(augusta, "marketing", Channel.CHAT, ConsentState.GRANTED, null);
        Map<String, String> before = current(ada);

        String preview = merger.preview(ada, augusta, Map.of()).participants().get("consent");
        Merge merge = merger.merge(ada, augusta, Map.of(), "maria");

        assertTrue(preview, preview.contains("marketing by email: withdrawn") && preview.contains("stricter"));
        assertEquals(Map.of("marketing/email", "withdrawn", "marketing/chat", "granted", "profiling/*", "granted until " + soon,
                "service/phone", "withdrawn"), current(ada));
        assertTrue(merge.outcomes().toString(), merge.outcomes().get("consent").contains("taken (the stricter choice)"));

        merger.undo(merge.id(), "maria");

        assertEquals(before, current(ada));
        assertEquals("the merged contact's own records never changed", 4, consents.current(augusta).size());
    }

    @Test
    public void aChoiceMadeOnTheSurvivorAfterTheMergeStays() {
        record(augusta, "marketing", Channel.EMAIL, ConsentState.WITHDRAWN, null);
        Merge merge = merger.merge(ada, augusta, Map.of(), "maria");
        record(ada, "marketing", Channel.EMAIL, ConsentState.GRANTED, null);

        merger.undo(merge.id(), "maria");

        assertEquals(Map.of("marketing/email", "granted"), current(ada));
    }
}

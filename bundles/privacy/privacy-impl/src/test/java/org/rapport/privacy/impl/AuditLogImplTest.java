package org.rapport.privacy.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.spi.AuditEntry;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.rules.api.RuleEvents;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The audit log: what other bundles send, rule releases, consent changes, and erasure of the recorded values. */
@Category(UsesDatabase.class)
public class AuditLogImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T09:00:00Z"));
    private AuditLogImpl audit;
    private ConsentServiceImpl consents;
    private long ada;

    @Before
    public void setUp() {
        audit = new AuditLogImpl(db.emf("rapport-privacy"), clock);
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        consents = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing"));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    @Test
    public void changesSentByOtherBundlesAndRuleReleasesAreRecorded() {
        audit.handleEvent(new Event(AuditEvents.TOPIC, Map.of(AuditEvents.ACTOR, "grace", AuditEvents.ACTION,
                "contact.update", AuditEvents.SUBJECT, "contact " + ada, AuditEvents.BEFORE, "email ada@example.com",
                AuditEvents.AFTER, "email ada@lovelace.example", AuditEvents.CONTACT_ID, ada)));
        clock.advance(Duration.ofSeconds(1));
        audit.handleEvent(new Event(RuleEvents.RELEASE_ACTIVATED, Map.of(RuleEvents.PACKAGE, "loyalty",
                RuleEvents.VERSION, 4L, RuleEvents.ORIGIN, "REST API", RuleEvents.HASH, "abc123", RuleEvents.AUTHOR, "alan")));

        List<AuditEntry> all = audit.find(null, null, null, 10);
        assertEquals(List.of("rules.release", "contact.update"), all.stream().map(AuditEntry::action).toList());
        AuditEntry release = all.get(0);
        assertEquals("alan", release.actor());
        assertEquals("rule package loyalty", release.subject());
        assertEquals("v4 active, hash abc123, from REST API", release.after());
        assertNull(release.contactId());
        AuditEntry change = audit.find("contact " + ada, null, null, 10).get(0);
        assertEquals("email ada@example.com", change.before());
        assertEquals(Long.valueOf(ada), change.contactId());
        assertEquals(1, audit.find(null, "grace", "contact.", 10).size());
        assertEquals(0, audit.find(null, null, "consent.", 10).size());
    }

    @Test
    public void aConsentChangeIsAuditedWithTheStateBeforeAndAfter() {
        consents.record(new ConsentChange(ada, "marketing", Channel.EMAIL, ConsentState.GRANTED, null, "form", null, null),
                "web");
        clock.advance(Duration.ofMinutes(5));
        consents.record(new ConsentChange(ada, "marketing", Channel.EMAIL, ConsentState.WITHDRAWN, null, "unsubscribe",
                null, null), "grace");

        List<AuditEntry> entries = audit.find("contact " + ada, null, "consent.", 10);

        assertEquals(List.of("consent.withdrawn", "consent.granted"), entries.stream().map(AuditEntry::action).toList());
        assertEquals("grace", entries.get(0).actor());
        assertEquals("marketing by email: granted (consent, form)", entries.get(0).before());
        assertEquals("marketing by email: withdrawn (consent, unsubscribe)", entries.get(0).after());
        assertNull(entries.get(1).before());
    }

    @Test
    public void erasureKeepsTheEntriesButNotTheValuesTheyRecorded() {
        audit.record("grace", "contact.update", "contact " + ada, "ada@example.com", "ada@lovelace.example", ada);
        audit.record("grace", "user.roles", "user alan", "agent", "agent, analyst", null);

        String outcome = new AuditErasure(db.emf("rapport-privacy")).erase(ada);

        assertEquals("1 audit entr(ies) kept with their recorded values erased", outcome);
        AuditEntry erased = audit.find("contact " + ada, null, null, 10).get(0);
        assertEquals("(erased)", erased.before());
        assertEquals("(erased)", erased.after());
        assertEquals("contact.update", erased.action());
        assertEquals("agent, analyst", audit.find("user alan", null, null, 10).get(0).after());
    }
}

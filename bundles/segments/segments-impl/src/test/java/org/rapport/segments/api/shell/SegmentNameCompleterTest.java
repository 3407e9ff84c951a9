package org.rapport.segments.api.shell;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;

import javax.persistence.EntityManagerFactory;

import org.apache.karaf.shell.api.console.Candidate;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.rest.Roles;
import org.rapport.segments.impl.SegmentServiceImpl;
import org.rapport.testing.MutableClock;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The completer lives in the API; it is tried here, beside the service it reads. */
@Category(UsesDatabase.class)
public class SegmentNameCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-segments", "rapport-contacts");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final SegmentNameCompleter completer = new SegmentNameCompleter();

    @Before
    public void setUp() {
        EntityManagerFactory contactsUnit = db.emf("rapport-contacts");
        ContactServiceImpl contacts = new ContactServiceImpl(contactsUnit, new ContactPropertiesImpl(contactsUnit, clock), clock);
        completer.segments = new SegmentServiceImpl(db.emf(), contacts, contacts, new InteractionServiceImpl(contactsUnit, clock),
                clock, 365, "", null, ""); // names only: no consent gate asked
        completer.segments.define("lapsed-buyers", "Bought once, long ago", "did:purchase>=1", "ana");
        completer.segments.define("vip", "Tagged vip", "tag:vip", "ana");
    }

    private List<Candidate> complete(String role, String typed) {
        return ShellSessions.complete(completer, role, "segments:show", typed);
    }

    @Test
    public void segmentsCompleteByTheStartOfTheirName() {
        assertEquals(List.of("lapsed-buyers", "vip"), complete(Roles.AGENT, "").stream().map(Candidate::value).toList());
        List<Candidate> lapsed = complete(Roles.ANALYST, "la");
        assertEquals(List.of("lapsed-buyers"), lapsed.stream().map(Candidate::value).toList());
        assertEquals("Bought once, long ago", lapsed.get(0).descr());
    }

    @Test
    public void aRoleThatCannotReadSegmentsIsOfferedNone() {
        assertEquals(List.of(), complete(Roles.PARTNER, ""));
    }
}

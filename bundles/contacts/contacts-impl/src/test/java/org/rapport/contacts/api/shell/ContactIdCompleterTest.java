package org.rapport.contacts.api.shell;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.rest.Roles;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The completer lives in the API; it is tried here, beside the service it reads. */
@Category(UsesDatabase.class)
public class ContactIdCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private final ContactIdCompleter completer = new ContactIdCompleter();
    private long ada;
    private long grace;

    @Before
    public void setUp() {
        completer.contacts = new ContactServiceImpl(db.emf());
        ada = completer.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        grace = completer.contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
    }

    private List<String> values(String role, String typed) {
        return ShellSessions.values(completer, role, "contacts:timeline", typed);
    }

    @Test
    public void nothingTypedOffersTheContactsChangedLast() {
        assertEquals(List.of(Long.toString(grace), Long.toString(ada)), values(Roles.AGENT, ""));
    }

    @Test
    public void digitsOfferThatContactAndTextSearches() {
        List<Candidate> byId = ShellSessions.complete(completer, Roles.ANALYST, "contacts:timeline", Long.toString(ada));
        assertEquals(Long.toString(ada), byId.get(0).value());
        assertEquals(ada + "  Ada Lovelace", byId.get(0).displ());
        assertEquals("ada@example.com", byId.get(0).descr());
        assertEquals(List.of(Long.toString(grace)), values(Roles.AGENT, "hop"));
        assertEquals(List.of(), values(Roles.AGENT, "nobody"));
    }

    @Test
    public void aRoleThatCannotReadContactsIsOfferedNone() {
        assertEquals(List.of(), values(Roles.PARTNER, ""));
        assertEquals(List.of(Long.toString(grace), Long.toString(ada)), values(Roles.ADMIN, ""));
    }

    @Test
    public void atMostTheLimitIsOffered() {
        for (int i = 0; i < 30; i++) {
            completer.contacts.create(new NewContact("c" + i + "@example.com", "Many", "Hopper"));
        }
        assertEquals(ContactIdCompleter.LIMIT, values(Roles.AGENT, "").size());
        assertEquals(ContactIdCompleter.LIMIT, values(Roles.AGENT, "hopper").size());
    }

    @Test
    public void theInteractionChannelsCompleteByTheirLabel() {
        Completer channels = new InteractionChannelCompleter();
        assertEquals(List.of("email"), ShellSessions.values(channels, Roles.AGENT, "contacts:record", "1", "em"));
        assertEquals(List.of("in-person"), ShellSessions.values(channels, Roles.ANALYST, "contacts:record", "1", "in"));
        assertEquals(8, ShellSessions.values(channels, Roles.AGENT, "contacts:record", "1", "").size());
    }
}

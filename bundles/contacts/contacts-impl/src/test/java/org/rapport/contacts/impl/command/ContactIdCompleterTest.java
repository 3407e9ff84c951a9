package org.rapport.contacts.impl.command;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.testing.TestPersistence;

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

    /** The candidates for {@code contacts:timeline <typed>}, with the cursor at the end. */
    private List<Candidate> complete(String typed) {
        String buffer = "contacts:timeline " + typed;
        List<Candidate> candidates = new ArrayList<>();
        completer.completeCandidates(null, new CommandLineImpl(new String[] {"contacts:timeline", typed}, 1,
                typed.length(), buffer.length(), buffer), candidates);
        return candidates;
    }

    @Test
    public void nothingTypedOffersTheContactsChangedLast() {
        assertEquals(List.of(Long.toString(grace), Long.toString(ada)), complete("").stream().map(Candidate::value).toList());
    }

    @Test
    public void digitsOfferThatContactAndTextSearches() {
        List<Candidate> byId = complete(Long.toString(ada));
        assertEquals(Long.toString(ada), byId.get(0).value());
        assertEquals(ada + "  Ada Lovelace", byId.get(0).displ());
        assertEquals("ada@example.com", byId.get(0).descr());
        assertEquals(List.of(Long.toString(grace)), complete("hop").stream().map(Candidate::value).toList());
        assertEquals(List.of(), complete("nobody"));
    }
}

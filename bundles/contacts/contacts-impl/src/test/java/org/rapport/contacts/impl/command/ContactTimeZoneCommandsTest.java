package org.rapport.contacts.impl.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** A contact's time zone from the shell: {@code contacts:add --time-zone} and {@code contacts:set timeZone=}, on Derby. */
@Category(UsesDatabase.class)
public class ContactTimeZoneCommandsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private ContactServiceImpl contacts;

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf());
    }

    private ContactAddCommand add(String email, String timeZone) {
        ContactAddCommand add = new ContactAddCommand();
        add.contacts = contacts;
        add.email = email;
        add.timeZone = timeZone;
        return add;
    }

    private Contact only() {
        return contacts.search("ada@", 0, 1).get(0);
    }

    @Test
    public void aTimeZoneIsSetByAddAndSetAndOneThatIsNoIanaIdIsRefusedNamingTheField() throws Exception {
        ContactValidationException bad = assertThrows(ContactValidationException.class,
                () -> add("ada@example.com", "CET+1").execute());
        assertEquals(Set.of("timeZone"), bad.fieldErrors().keySet());
        assertTrue(bad.fieldErrors().get("timeZone"), bad.fieldErrors().get("timeZone").contains("not an IANA time zone"));
        assertEquals("nothing stored", 0, contacts.count());

        add("ada@example.com", "Europe/London").execute();
        assertEquals("Europe/London", only().timeZone());

        ContactSetCommand set = new ContactSetCommand();
        set.contacts = contacts;
        set.id = only().id();
        set.values = List.of("timeZone=America/New_York", "firstName=Ada");
        set.execute();
        assertEquals("America/New_York", only().timeZone());
        set.values = List.of("firstName=Augusta");
        set.execute();
        assertEquals("a field not named is kept", "America/New_York", only().timeZone());
        set.values = List.of("timeZone=Mars/Olympus");
        assertThrows(ContactValidationException.class, set::execute);
        assertEquals("America/New_York", only().timeZone());
        set.values = List.of("timeZone=");
        set.execute();
        assertEquals("an empty value clears it", null, only().timeZone());
    }
}

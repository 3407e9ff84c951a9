package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewContact;
import org.rapport.testing.TestPersistence;

public class ContactServiceImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private ContactServiceImpl contacts;

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf());
    }

    @Test
    public void storesAndReadsBackAContact() {
        Contact ada = contacts.create(new NewContact(" Ada@Example.com ", "Ada", "Lovelace"));

        Contact found = contacts.find(ada.id()).orElseThrow();
        assertEquals("ada@example.com", found.email());
        assertEquals("Ada", found.firstName());
        assertEquals("Lovelace", found.lastName());
        assertEquals(ada.createdAt(), found.createdAt());
        assertEquals(1, contacts.count());
    }

    @Test
    public void listsContactsInIdOrderAPageAtATime() {
        Contact a = contacts.create(new NewContact("a@example.com", "A", null));
        Contact b = contacts.create(new NewContact("b@example.com", "B", null));
        Contact c = contacts.create(new NewContact("c@example.com", "C", null));

        assertEquals(List.of(a.id(), b.id()), ids(contacts.list(0, 2)));
        assertEquals(List.of(c.id()), ids(contacts.list(2, 2)));
    }

    @Test
    public void refusesAnInvalidContactNamingEachField() {
        ContactValidationException e = expectInvalid(new NewContact("not-an-email", "x".repeat(101), null));

        assertEquals(Map.of("email", "'not-an-email' is not an email address", "firstName", "is longer than 100 characters"),
                e.fieldErrors());
        assertEquals(0, contacts.count());
    }

    @Test
    public void refusesAMissingEmail() {
        assertEquals("is required", expectInvalid(new NewContact("  ", "Ada", null)).fieldErrors().get("email"));
    }

    @Test
    public void refusesADuplicateEmailWhateverItsCase() {
        Contact ada = contacts.create(new NewContact("ada@example.com", "Ada", null));

        ContactValidationException e = expectInvalid(new NewContact("ADA@example.com", "Other", null));

        assertEquals("ada@example.com is already used by contact " + ada.id(), e.fieldErrors().get("email"));
        assertEquals(1, contacts.count());
    }

    @Test
    public void anUnknownIdFindsNothing() {
        Contact ada = contacts.create(new NewContact("ada@example.com", "Ada", null));
        assertNotEquals(-1L, ada.id());
        assertFalse(contacts.find(ada.id() + 1000).isPresent());
        assertTrue(contacts.find(ada.id()).isPresent());
    }

    private ContactValidationException expectInvalid(NewContact contact) {
        try {
            contacts.create(contact);
        } catch (ContactValidationException e) {
            return e;
        }
        fail("the contact must be refused");
        return null;
    }

    private static List<Long> ids(List<Contact> list) {
        return list.stream().map(Contact::id).collect(java.util.stream.Collectors.toList());
    }
}

package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.LastSeen;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
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
        assertTrue(contacts.exists(ada.id()));
        assertFalse("no contact with the next id", contacts.exists(ada.id() + 1));
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
        return assertThrows("the contact must be refused", ContactValidationException.class,
                () -> contacts.create(contact));
    }

    @Test
    public void tellsEachContactsLastSignOfLifeInIdOrderAPageAtATime() {
        Contact a = contacts.create(new NewContact("a@example.com", "A", null));
        Contact b = contacts.create(new NewContact("b@example.com", "B", null));
        Interaction call = new InteractionServiceImpl(db.emf()).record(b.id(),
                new NewInteraction("phone", "inbound", "call", null, null, null), "agent");

        assertEquals(List.of(new LastSeen(a.id(), a.updatedAt())), contacts.lastSeen(-1, 1));
        assertEquals("the newest interaction when it is later than the last change",
                List.of(new LastSeen(b.id(), call.occurredAt())), contacts.lastSeen(a.id(), 10));
        assertEquals(List.of(), contacts.lastSeen(b.id(), 10));
    }

    private static List<Long> ids(List<Contact> list) {
        return list.stream().map(Contact::id).collect(java.util.stream.Collectors.toList());
    }

    private Contact add(String email, String first, String last, String phone, String... tags) {
        return contacts.create(new NewContact(email, first, last, phone, null, null, Set.of(tags)));
    }

    @Test
    public void detailsAreStoredInTheirNormalForm() {
        Contact grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper", "+1 (212) 555-0100",
                "en-us", "Email", Set.of("VIP", "navy")));

        Contact found = contacts.find(grace.id()).orElseThrow();
        assertEquals("+12125550100", found.phone());
        assertEquals("en-US", found.language());
        assertEquals(Channel.EMAIL, found.preferredChannel());
        assertEquals(List.of("navy", "vip"), List.copyOf(found.tags()));
        assertEquals(grace, found);
    }

    @Test
    public void badDetailsAreRefusedNamingEachField() {
        ContactValidationException expected = assertThrows("refused",
                ContactValidationException.class,
                () -> contacts.create(new NewContact("x@example.com", null, null, "call me", "not a language!", "pigeon",
                        Set.of("ok", "not ok"))));
        assertEquals(Set.of("phone", "language", "preferredChannel", "tags"), expected.fieldErrors().keySet());
        assertFalse(expected.conflict());
        assertEquals(0, contacts.count());
    }

    @Test
    public void controlCharactersInNamesAndAddressesAreRefusedNamingEachField() {
        ContactValidationException expected = assertThrows("refused",
                ContactValidationException.class,
                () -> contacts.create(new NewContact("nul\u0000@example.com", "Ada\u0000", "Love\nlace", null, null, null, null,
                        new org.rapport.contacts.api.Address("1 High St\u001b[2J", "London", null, null, "GB"), null, null, null)));
        assertEquals(Set.of("email", "firstName", "lastName", "address.street"), expected.fieldErrors().keySet());
        assertTrue(expected.fieldErrors().get("email"), expected.fieldErrors().get("email").contains("\\u0000"));
        assertFalse(expected.fieldErrors().get("email"), expected.fieldErrors().get("email").contains("\u0000"));
        assertEquals(0, contacts.count());
    }

    @Test
    public void aRefusalQuotesOnlyTheStartOfAHugeValue() {
        ContactValidationException expected = assertThrows("refused",
                ContactValidationException.class,
                () -> contacts.create(new NewContact("x@example.com", null, null, "9".repeat(500_000) + "x", null, null, null)));
        String message = expected.fieldErrors().get("phone");
        assertTrue(message, message.length() < 200);
        assertTrue(message, message.contains("500001 characters"));
    }

    @Test
    public void anUpdateReplacesTheDetailsAndKeepsEmailsUnique() {
        Contact ada = add("ada@example.com", "Ada", "Lovelace", null, "math");
        Contact grace = add("grace@example.com", "Grace", "Hopper", null);

        Contact updated = contacts.update(ada.id(), new NewContact("ada@analytical.org", "Ada", "King", "020 7946 0000",
                "en-GB", "mail", Set.of("countess")));

        assertEquals("ada@analytical.org", updated.email());
        assertEquals(Set.of("countess"), updated.tags());
        assertEquals(ada.createdAt(), updated.createdAt());
        assertEquals(updated, contacts.find(ada.id()).orElseThrow());
        ContactValidationException taken = assertThrows("the address is taken", ContactValidationException.class,
                () -> contacts.update(grace.id(), new NewContact("ADA@analytical.org", "Grace", "Hopper")));
        assertTrue(taken.conflict());
        ContactValidationException unknown = assertThrows("no such contact", ContactValidationException.class,
                () -> contacts.update(9999, new NewContact("nobody@example.com", null, null)));
        assertEquals("there is no contact 9999", unknown.fieldErrors().get("id"));
    }

    @Test
    public void searchMatchesNamesEmailsPhonesAndTagsAndEveryWordMustMatch() {
        Contact ada = add("ada@example.com", "Ada", "Lovelace", "+44 20 7946 0001", "vip");
        Contact adam = add("adam.smith@example.org", "Adam", "Smith", null, "vip", "economics");
        add("grace@navy.mil", "Grace", "Hopper", "+1 212 555 0100");

        assertEquals(List.of(ada.id(), adam.id()), ids(contacts.search("ada", 0, 10)));
        assertEquals(List.of(ada.id()), ids(contacts.search("ADA love", 0, 10)));
        assertEquals(List.of(adam.id()), ids(contacts.search("adam.smith@", 0, 10)));
        assertEquals(List.of(ada.id()), ids(contacts.search("7946 0001", 0, 10)));
        assertEquals(List.of(ada.id(), adam.id()), ids(contacts.search("tag:VIP", 0, 10)));
        assertEquals(List.of(adam.id()), ids(contacts.search("tag:vip tag:economics", 0, 10)));
        assertEquals(List.of(adam.id()), ids(contacts.search("ada", 1, 10)));
        assertEquals(2, contacts.countMatches("tag:vip"));
        assertEquals(List.of(), ids(contacts.search("ad%", 0, 10)));
        IllegalArgumentException expected = assertThrows("an empty search", IllegalArgumentException.class,
                () -> contacts.search("  ", 0, 10));
        assertEquals("a search needs at least one word", expected.getMessage());
    }
}

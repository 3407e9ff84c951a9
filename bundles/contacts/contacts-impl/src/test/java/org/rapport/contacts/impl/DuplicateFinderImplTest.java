package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.DuplicateCandidate;
import org.rapport.contacts.api.NewContact;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Duplicate detection against a real Derby database. */
@Category(UsesDatabase.class)
public class DuplicateFinderImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private ContactServiceImpl contacts;
    private DuplicateFinderImpl finder;
    private long ada;
    private long adaGmail;
    private long adaDotted;
    private long adaShop;
    private long grace;
    private long graceNavy;
    private long john;
    private long otherJohn;
    private long sameDomainJohn;

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf());
        finder = new DuplicateFinderImpl(db.emf(), contacts);
        ada = add("ada@example.com", "Ada", "Lovelace", null);
        adaShop = add("Ada+Shop@Example.com", "Ada", "L.", null);
        adaGmail = add("adalovelace@gmail.com", "Ada", "Lovelace", null);
        adaDotted = add("ada.lovelace@googlemail.com", null, null, null);
        grace = add("grace@navy.example", "Grace", "Hopper", "+1 555 0100");
        graceNavy = add("g.hopper@fleet.example", "GRACE", "hopper", "+1 555 0100");
        john = add("john@one.example", "John", "Smith", null);
        otherJohn = add("john.smith@two.example", "John", "Smith", null);
        sameDomainJohn = add("jsmith@one.example", "John", "Smith", null);
    }

    private long add(String email, String first, String last, String phone) {
        return contacts.create(new NewContact(email, first, last, phone, null, null, null)).id();
    }

    private static String describe(DuplicateCandidate d) {
        return d.first().id() + "-" + d.second().id() + " " + d.score() + " " + d.reasons();
    }

    @Test
    public void theSameMailboxPhoneOrNameWithSomethingElseMakeALikelyDuplicate() {
        assertEquals(List.of(ada + "-" + adaShop + " 90 [same mailbox]"),
                finder.duplicatesOf(ada).stream().map(DuplicateFinderImplTest::describe).toList());
        assertEquals("Gmail ignores dots", List.of(adaDotted + "-" + adaGmail + " 90 [same mailbox]"),
                finder.duplicatesOf(adaDotted).stream().filter(d -> d.second().id() == adaGmail)
                        .map(DuplicateFinderImplTest::describe).toList());
        assertEquals(List.of(grace + "-" + graceNavy + " 70 [same phone, same name]"),
                finder.duplicatesOf(grace).stream().map(DuplicateFinderImplTest::describe).toList());
        assertEquals("a common name alone is not enough, the same domain with it is",
                List.of(john + "-" + sameDomainJohn + " 40 [same name and email domain]"),
                finder.duplicatesOf(john).stream().map(DuplicateFinderImplTest::describe).toList());
    }

    @Test
    public void allLikelyDuplicatesAreListedMostLikelyFirstAboveAScore() {
        assertEquals(List.of(grace + "-" + graceNavy + " 70 [same phone, same name]",
                john + "-" + sameDomainJohn + " 40 [same name and email domain]"),
                finder.duplicates(0, 10).stream().map(DuplicateFinderImplTest::describe).toList());
        assertEquals(1, finder.duplicates(50, 10).size());
        assertEquals(1, finder.duplicates(0, 1).size());
        IllegalArgumentException expected = assertThrows("too many", IllegalArgumentException.class,
                () -> finder.duplicates(0, 501));
        assertEquals("limit is from 1 to 500, not 501", expected.getMessage());
        assertEquals(List.of(), finder.duplicatesOf(otherJohn).stream()
                .filter(d -> d.second().id() == john || d.first().id() == john).toList());
    }
}

package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Searches whose name words are common (more than {@link ContactSearch#FEW} matches) and rare, and merged addresses. */
@Category(UsesDatabase.class)
public class ContactSearchTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private ContactServiceImpl contacts;
    private final List<Long> adas = new ArrayList<>();
    private final List<Long> adaKings = new ArrayList<>();
    private final List<Long> augustas = new ArrayList<>();
    private final List<Long> augustaByrons = new ArrayList<>();

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf());
        for (int i = 0; i < 3 * SearchPlan.FEW + 100; i++) {
            String last = i % 7 == 0 ? "King" : i % 2 == 0 ? "Lovelace" : "Byron";
            Contact c = contacts.create(new NewContact("p" + i + "@example.com", i % 3 == 0 ? "Ada" : "Augusta", last));
            if (i % 3 == 0) {
                adas.add(c.id());
                if (i % 7 == 0) {
                    adaKings.add(c.id());
                }
            } else {
                augustas.add(c.id());
                if (last.equals("Byron")) {
                    augustaByrons.add(c.id());
                }
            }
        }
        contacts.create(new NewContact("zed@example.com", "Zebedee", "Rare"));
    }

    private List<Long> ids(String query, int offset, int limit) {
        return contacts.search(query, offset, limit).stream().map(Contact::id).toList();
    }

    @Test
    public void commonWordsAreFoundInIdOrderPageByPage() {
        // Augusta (2 in 3) and Byron (about 3 in 7) are each more than FEW: the table is read in id order.
        assertEquals(augustas.subList(0, 20), ids("aug", 0, 20));
        assertEquals(augustas.subList(400, 420), ids("augusta", 400, 20));
        assertEquals(augustas.size(), contacts.countMatches("aug"));
        assertEquals(augustaByrons, ids("byr aug", 0, 1000));
        assertEquals(augustaByrons.subList(100, 110), ids("aug byron", 100, 10));
        assertEquals(augustaByrons.size(), contacts.countMatches("aug byr"));
        assertEquals(List.of(), ids("aug", augustas.size(), 20));
        // A word shorter than a name key: the table's rows are read instead, with the same answer.
        assertEquals(augustaByrons.subList(0, 30), ids("au byr", 0, 30));
    }

    @Test
    public void aWordFoundCommonOnceIsStillSearchedRightWhenItBecomesRareAndTheOtherWayRound() {
        assertEquals(augustas.subList(0, 20), ids("aug", 0, 20));
        // Searches remember that "aug" starts more than FEW first names; all but two Augustas change their name.
        List<Long> left = List.of(augustas.get(5), augustas.get(augustas.size() - 1));
        for (long id : augustas) {
            if (!left.contains(id)) {
                Contact c = contacts.find(id).orElseThrow();
                contacts.update(id, new NewContact(c.email(), "Beatrix", c.lastName()));
            }
        }
        assertEquals(left, ids("aug", 0, 20));
        assertEquals(2, contacts.countMatches("augusta"));
        assertEquals(left.stream().filter(augustaByrons::contains).toList(), ids("aug byr", 0, 20));

        // And a rare word that becomes common is found in full.
        for (int i = 0; i < SearchPlan.FEW + 1; i++) {
            contacts.create(new NewContact("zeb" + i + "@example.com", "Zebedee", "Lovelace"));
        }
        assertEquals(SearchPlan.FEW + 2, ids("zeb", 0, 1000).size());
        assertEquals(SearchPlan.FEW + 2, contacts.countMatches("zebedee"));
    }

    @Test
    public void nameKeysFollowAContactsNamesAndAddressAndGoWithIt() {
        long moved = augustaByrons.get(3);
        Contact before = contacts.find(moved).orElseThrow();
        assertEquals(List.of("aug", "byr", "p" + before.email().charAt(1) + before.email().charAt(2)), keys(moved));

        contacts.update(moved, new NewContact("lady.byron@example.com", "Augusta", "Lovelace"));

        assertEquals(List.of("aug", "lad", "lov"), keys(moved));
        assertFalse(ids("aug byr", 0, 1000).contains(moved));
        assertTrue(ids("aug lov", 0, 1000).contains(moved));
        assertEquals(List.of(moved), ids("lady.b aug", 0, 1000));

        ContactErasure erasure = new ContactErasure(db.emf(), contacts,
                new InteractionServiceImpl(db.emf(), java.time.Clock.systemUTC()),
                new ImportsOnRunner(db, "node-a").imports);
        erasure.erase(moved);

        assertEquals("erased with the contact", List.of(), keys(moved));
        assertFalse(ids("aug lov", 0, 1000).contains(moved));
    }

    private List<String> keys(long contactId) {
        return db.emf().createEntityManager().createNativeQuery(
                "SELECT NAME_KEY FROM CONTACT_NAME_KEY WHERE CONTACT_ID = ? ORDER BY NAME_KEY")
                .setParameter(1, contactId).getResultList().stream().map(String::valueOf).toList();
    }

    @Test
    public void aWordWithFewMatchesIsFoundAmongThem() {
        assertEquals(adas.subList(0, 20), ids("ada", 0, 20));
        assertEquals(adas.subList(150, 170), ids("ada", 150, 20));
        assertEquals(adas.subList(adas.size() - 7, adas.size()), ids("ada", adas.size() - 7, 20));
        assertEquals(adas.size(), contacts.countMatches("ada"));
        assertEquals(adaKings, ids("ada king", 0, 1000));
        assertEquals(adaKings.size(), contacts.countMatches("King ADA"));
        assertEquals(List.of(), ids("ada", adas.size(), 20));
    }

    @Test
    public void aRareWordNarrowsTheSearchToItsContacts() {
        long zed = contacts.search("zed@", 0, 1).get(0).id();
        assertEquals(List.of(), ids("ada rare", 0, 10));
        assertEquals(List.of(zed), ids("rare", 0, 10));
        assertEquals(List.of(zed), ids("zeb rar", 0, 10));
        assertEquals(1, contacts.countMatches("rare zebedee"));
        assertEquals(List.of(), ids("rarest", 0, 10));
        assertEquals(0, contacts.countMatches("ada zebedee"));
    }

    @Test
    public void aMergedRecordsAddressFindsTheContactItWasMergedInto() {
        long zed = contacts.search("zed@", 0, 1).get(0).id();
        long old = contacts.create(new NewContact("zebedee.old@example.org", "Zebedee", "Rare")).id();
        new ContactMergerImpl(db.emf(), new ContactPropertiesImpl(db.emf()), java.time.Clock.systemUTC())
                .merge(zed, old, Map.of(), "agent");
        assertEquals(List.of(zed), ids("zebedee.old@", 0, 10));
        assertEquals(1, contacts.countMatches("zebedee.old@example.org"));
    }
}

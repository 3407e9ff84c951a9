package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactMerger.MergeChoice;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Direction;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.Merge;
import org.rapport.contacts.api.MergeParticipant;
import org.rapport.contacts.api.MergePreview;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class ContactMergerImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private ContactMergerImpl merger;
    private Contact ada;
    private Contact augusta;

    @Before
    public void setUp() {
        ContactPropertiesImpl properties = new ContactPropertiesImpl(db.emf());
        properties.define(new PropertyDefinition("birthDate", null, PropertyType.DATE));
        contacts = new ContactServiceImpl(db.emf(), properties);
        interactions = new InteractionServiceImpl(db.emf());
        merger = new ContactMergerImpl(db.emf(), properties, java.time.Clock.systemUTC());
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace", null, "en", null, Set.of("vip"),
                null, null, null, Map.of()));
        augusta = contacts.create(new NewContact("augusta@example.org", "Augusta Ada", "King", "+44 20 7946 0001", null,
                "phone", Set.of("newsletter"), new Address(null, "London", null, null, "GB"), null, null,
                Map.of("birthDate", "1815-12-10")));
        record(ada.id(), "web-visit");
        record(augusta.id(), "call");
        record(augusta.id(), "support-case");
    }

    private Interaction record(long contactId, String type) {
        return interactions.record(contactId, new NewInteraction(Channel.PHONE.label(), Direction.INBOUND.name(), type,
                Instant.now(), null, Map.of()), "test");
    }

    private Set<String> timeline(long contactId) {
        Set<String> types = new java.util.TreeSet<>();
        interactions.timeline(contactId, Set.of(), 0, 100).forEach(i -> types.add(i.type()));
        return types;
    }

    @Test
    public void thePreviewShowsEachDifferingFieldAndChangesNothing() {
        MergePreview preview = merger.preview(ada.id(), augusta.id(), Map.of("lastName", MergeChoice.MERGED));

        Map<String, MergeChoice> chosen = new java.util.TreeMap<>();
        preview.fields().forEach(f -> chosen.put(f.name(), f.chosen()));
        assertEquals(Map.of("firstName", MergeChoice.SURVIVOR, "lastName", MergeChoice.MERGED, "phone", MergeChoice.MERGED,
                "language", MergeChoice.SURVIVOR, "preferredChannel", MergeChoice.MERGED, "address", MergeChoice.MERGED,
                "properties.birthDate", MergeChoice.MERGED), chosen);
        assertEquals("King", preview.result().lastName());
        assertEquals("Ada", preview.result().firstName());
        assertEquals("ada@example.com", preview.result().email());
        assertEquals(Set.of("vip", "newsletter"), preview.result().tags());
        assertEquals(2, preview.interactions());
        assertEquals(ada, contacts.find(ada.id()).orElseThrow());
    }

    @Test
    public void aMergeMovesTheTimelineAndHidesTheMergedContactAndUndoRestoresBoth() {
        Merge merge = merger.merge(ada.id(), augusta.id(), Map.of(), "maria");
        assertEquals(List.of(merge), merger.list(augusta.id(), 0, 10));
        assertEquals(1, merger.count(augusta.id()));
        assertEquals(1, merger.count(null));
        assertEquals(0, merger.count(999_999L));
        assertTrue("a contact merged into another is still stored", contacts.exists(augusta.id()));

        Contact merged = contacts.find(ada.id()).orElseThrow();
        assertEquals("+442079460001", merged.phone());
        assertEquals(LocalDate.of(1815, 12, 10), merged.properties().get("birthDate"));
        assertEquals(Set.of("call", "support-case", "web-visit"), timeline(ada.id()));
        assertEquals(Set.of(), timeline(augusta.id()));
        assertEquals("the merged record is hidden from searches", 0, contacts.countMatches("augusta"));
        assertEquals(1, contacts.count());
        assertEquals(ada.id(), (long) contacts.find(augusta.id()).orElseThrow().mergedInto());
        assertEquals(ada.id(), merger.survivorOf(augusta.id()));
        record(augusta.id(), "purchase");
        assertTrue("what happens to the merged contact lands on the survivor", timeline(ada.id()).contains("purchase"));
        Contact changed = contacts.find(ada.id()).orElseThrow();
        contacts.update(ada.id(), new NewContact(changed.email(), "Ada", "Lovelace", changed.phone(), "en-GB",
                "phone", changed.tags(), changed.address(), null, null, changed.properties()));

        Merge undone = merger.undo(merge.id(), "maria");

        assertTrue(undone.undone());
        Contact back = contacts.find(ada.id()).orElseThrow();
        assertNull(back.phone());
        assertEquals("changed on the survivor since the merge: kept", "en-GB", back.language());
        assertEquals(Set.of("vip"), back.tags());
        assertEquals(Map.of(), back.properties());
        assertEquals(Address.NONE, back.address());
        assertEquals(Set.of("web-visit", "purchase"), timeline(ada.id()));
        assertEquals(Set.of("call", "support-case"), timeline(augusta.id()));
        assertNull(contacts.find(augusta.id()).orElseThrow().mergedInto());
        assertEquals(2, contacts.count());
        ContactValidationException e = assertThrows("undone twice", ContactValidationException.class,
                () -> merger.undo(merge.id(), "maria"));
        assertTrue(e.conflict());
    }

    @Test
    public void eachChangeCommitsWithItsDomainEventOfIdsOnlyAndAMergeIsAnnouncedOnceWhole() throws Exception {
        contacts.update(ada.id(), NewContact.of(contacts.find(ada.id()).orElseThrow()));
        assertThrows(ContactValidationException.class, () -> contacts.update(ada.id(), new NewContact(
                "augusta@example.org", "Ada", "Lovelace")));
        MergeParticipant failing = participant("a-consent", new ArrayList<>(), true);
        merger.addParticipant(failing);
        assertThrows(IllegalStateException.class, () -> merger.merge(ada.id(), augusta.id(), Map.of(), "maria"));
        merger.removeParticipant(failing);
        Merge merge = merger.merge(ada.id(), augusta.id(), Map.of(), "maria");

        List<String> rows = new ArrayList<>();
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet r = st.executeQuery("select TYPE, CONTACT_ID, DATA from DOMAIN_EVENT order by ID")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getLong(2) + " " + r.getString(3).replaceAll("\"occurredAt\":\"[^\"]+\"",
                        "\"occurredAt\":T").replaceAll("\"interactionId\":\\d+", "\"interactionId\":I"));
            }
        }
        long a = ada.id();
        long g = augusta.id();
        assertEquals(List.of(
                "contact.created " + a + " {\"contactId\":" + a + "}",
                "contact.created " + g + " {\"contactId\":" + g + "}",
                "interaction.recorded " + a + " {\"contactId\":" + a + ",\"interactionId\":I,\"type\":\"web-visit\","
                        + "\"channel\":\"phone\",\"direction\":\"inbound\",\"occurredAt\":T}",
                "interaction.recorded " + g + " {\"contactId\":" + g + ",\"interactionId\":I,\"type\":\"call\","
                        + "\"channel\":\"phone\",\"direction\":\"inbound\",\"occurredAt\":T}",
                "interaction.recorded " + g + " {\"contactId\":" + g + ",\"interactionId\":I,\"type\":\"support-case\","
                        + "\"channel\":\"phone\",\"direction\":\"inbound\",\"occurredAt\":T}",
                "contact.updated " + a + " {\"contactId\":" + a + "}",
                "contact.merged " + a + " {\"contactId\":" + a + ",\"mergedContactId\":" + g + ",\"mergeId\":"
                        + merge.id() + "}"), rows);
    }

    @Test
    public void aFailingParticipantUndoesTheMergeAndTheOthersParts() {
        List<String> calls = new ArrayList<>();
        merger.addParticipant(participant("a-consent", calls, false));
        merger.addParticipant(participant("b-loyalty", calls, true));

        IllegalStateException e = assertThrows("merged although a participant failed", IllegalStateException.class,
                () -> merger.merge(ada.id(), augusta.id(), Map.of(), "maria"));
        assertTrue(e.getMessage(), e.getMessage().contains("b-loyalty"));

        assertEquals(List.of("a-consent merge", "b-loyalty merge", "a-consent undo"), calls);
        assertEquals(NewContact.of(ada), NewContact.of(contacts.find(ada.id()).orElseThrow()));
        assertEquals(Set.of("call", "support-case"), timeline(augusta.id()));
        assertEquals(2, contacts.count());
    }

    @Test
    public void refusesAMergedOrUnknownContactAndUnknownChoices() {
        merger.merge(ada.id(), augusta.id(), Map.of(), "maria");
        Contact grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper"));

        for (Runnable bad : List.<Runnable>of(() -> merger.merge(grace.id(), augusta.id(), Map.of(), "x"),
                () -> merger.merge(grace.id(), 999_999, Map.of(), "x"),
                () -> merger.merge(grace.id(), grace.id(), Map.of(), "x"),
                () -> merger.preview(ada.id(), grace.id(), Map.of("shoeSize", MergeChoice.MERGED)))) {
            ContactValidationException e = assertThrows("accepted", ContactValidationException.class, () -> bad.run());
            assertTrue(e.getMessage(), e.getMessage().contains("merged into") || e.getMessage().contains("no contact")
                    || e.getMessage().contains("itself") || e.getMessage().contains("choices.shoeSize"));
        }
    }

    private static MergeParticipant participant(String name, List<String> calls, boolean fails) {
        return new MergeParticipant() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String preview(long survivorId, long mergedId) {
                return null;
            }

            @Override
            public Outcome merge(long mergeId, long survivorId, long mergedId, String actor) {
                calls.add(name + " merge");
                if (fails) {
                    throw new IllegalStateException("the ledger is closed");
                }
                return new Outcome("done", "token");
            }

            @Override
            public void undo(long mergeId, long survivorId, long mergedId, String undoData, String actor) {
                assertEquals("token", undoData);
                calls.add(name + " undo");
            }
        };
    }
}

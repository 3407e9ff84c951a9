package org.rapport.segments.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactSearchWord;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.segments.api.RfmScore;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentCount;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Segments on a real database: conditions, membership kept up to date, RFM scores, counts over time. */
@Category(UsesDatabase.class)
public class SegmentServiceImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-segments", "rapport-contacts", "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private ContactPropertiesImpl properties;
    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private SegmentServiceImpl segments;

    @Before
    public void setUp() {
        EntityManagerFactory contactsUnit = db.emf("rapport-contacts");
        properties = new ContactPropertiesImpl(contactsUnit, clock);
        contacts = new ContactServiceImpl(contactsUnit, properties, clock);
        interactions = new InteractionServiceImpl(contactsUnit, clock);
        // As shipped: the gate asked for profiling, on legitimate interests; no one here objected.
        ConsentServiceImpl gate = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock,
                List.of("marketing", "profiling"), Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS));
        segments = new SegmentServiceImpl(db.emf(), contacts, contacts, interactions, clock, 365, "", gate,
                ConsentGate.PROFILING);
        // As the container registers them: the words segments add to the contact search.
        contacts.addWord(new SegmentWord(db.emf()), Map.of(ContactSearchWord.PREFIX, "segment"));
        contacts.addWord(new RfmWord(), Map.of(ContactSearchWord.PREFIX, "rfm"));
        properties.define(new PropertyDefinition("city", null, PropertyType.TEXT));
    }

    private Contact contact(String name, String... tags) {
        return contacts.create(new NewContact(name + "@example.com", name, "Tester", null, "fr-CA", "email", Set.of(tags)));
    }

    private void purchase(Contact contact, String amount, Duration ago) {
        interactions.record(contact.id(), new NewInteraction("web", "inbound", "purchase", clock.instant().minus(ago),
                null, Map.of("amount", amount, "currency", "EUR")), "test");
    }

    private void visit(Contact contact, String channel) {
        interactions.record(contact.id(), new NewInteraction(channel, "inbound", "visit", null, null, null), "test");
    }

    private Set<Long> members(String segment) {
        return Set.copyOf(segments.members(segment, 0, 1000).stream().map(Contact::id).toList());
    }

    private static Set<Long> ids(Contact... members) {
        return Set.of(java.util.Arrays.stream(members).map(Contact::id).toArray(Long[]::new));
    }

    private static String refusal(Runnable call, String field) {
        try {
            call.run();
        } catch (ContactValidationException e) {
            assertTrue(e.fieldErrors().toString(), e.fieldErrors().containsKey(field));
            return e.fieldErrors().get(field);
        }
        throw new AssertionError("not refused");
    }

    @Test
    public void aSegmentHasTheContactsItsConditionSelects() {
        Contact ada = contact("ada", "vip");
        Contact bob = contact("bob");
        Contact cy = contact("cy", "vip", "staff");
        Contact dee = contact("dee");
        purchase(bob, "300", Duration.ofDays(10));
        purchase(bob, "250", Duration.ofDays(400));
        purchase(dee, "600", Duration.ofDays(20));

        Segment best = segments.define("best", "VIPs and big spenders", "tag:vip -tag:staff or spent>=500/365d", "ana");
        assertEquals(2, best.members());
        assertEquals(ids(ada, dee), members("best"));
        assertEquals("ana", best.changedBy());
        assertEquals(List.of("best"), segments.segmentsOf(dee.id()));

        // Over all time Bob spent 550: the window decides.
        segments.define("spent-ever", null, "spent>=500", "ana");
        assertEquals(ids(bob, dee), members("spent-ever"));
        // Nobody who spent nothing is lost from a "less than" condition.
        segments.define("small", null, "spent<100/365d", "ana");
        assertEquals(ids(ada, cy), members("small"));
        segments.define("french", null, "language:fr channel:email did:purchase>=1", "ana");
        assertEquals(ids(bob, dee), members("french"));
        // Searches may name a segment.
        assertEquals(List.of(dee.id()), contacts.search("segment:best dee", 0, 10).stream().map(Contact::id).toList());
        try {
            contacts.search("segment:nothing", 0, 10);
            fail("unknown segment searched");
        } catch (IllegalArgumentException e) {
            assertEquals("word 1, 'segment:nothing': there is no segment 'nothing'", e.getMessage());
        }
    }

    @Test
    public void membershipFollowsChangesWithinOneCheck() {
        Contact ada = contact("ada");
        Contact bob = contact("bob", "vip");
        segments.define("web-regulars", null, "did:*@web>=2/30d or tag:vip", "ana");
        assertEquals(ids(bob), members("web-regulars"));
        segments.catchUp();

        clock.advance(Duration.ofMinutes(1));
        visit(ada, "web");
        visit(ada, "phone");
        contacts.update(bob.id(), NewContact.of(contacts.find(bob.id()).orElseThrow()).withTags(Set.of()));
        segments.catchUp();
        assertEquals(Set.of(), members("web-regulars"));

        clock.advance(Duration.ofMinutes(1));
        visit(ada, "web");
        segments.catchUp();
        assertEquals(ids(ada), members("web-regulars"));
        assertEquals(1, segments.find("web-regulars").orElseThrow().members());

        // Time alone ages the visits out; the whole refresh (nightly) sees it.
        clock.advance(Duration.ofDays(31));
        assertEquals(0, segments.refreshAll().get(0).members());
        assertEquals(Set.of(), members("web-regulars"));
    }

    @Test
    public void memberIdsAreTheIdsOfTheMembersReadWhole() {
        Contact ada = contact("ada", "vip");
        Contact bob = contact("bob", "vip", "staff");
        Contact cyd = contact("cyd");
        Contact dee = contact("dee", "vip");
        Contact eve = contact("eve", "vip");
        Contact fay = contact("fay");
        contact("gus");
        purchase(cyd, "120", Duration.ofDays(3));
        purchase(fay, "20", Duration.ofDays(3));
        segments.define("best", null, "tag:vip -tag:staff or spent>=100/30d", "ana");
        // Eve erased whole (her memberships went with her); Dee's contact erased, the segments' step still to come.
        new SegmentErasure(db.emf()).erase(eve.id());
        EntityManagerFactory contactsUnit = db.emf("rapport-contacts");
        org.rapport.persistence.Transactions.run(contactsUnit, em -> {
            em.createNativeQuery("delete from CONTACT_TAG where CONTACT_ID = ?").setParameter(1, dee.id()).executeUpdate();
            em.createNativeQuery("delete from CONTACT where ID = ?").setParameter(1, dee.id()).executeUpdate();
        });

        List<Long> whole = segments.membersAfter("best", 0, 1000).stream().map(Contact::id).toList();
        // Pages of two: Dee's id, still in the segment's rows, neither comes back nor shortens a page.
        List<Long> ids = new java.util.ArrayList<>();
        for (long after = 0;;) {
            List<Long> page = segments.memberIds("best", after, 2);
            ids.addAll(page);
            if (page.size() < 2) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        assertEquals(List.of(ada.id(), cyd.id()), whole);
        assertEquals(whole, ids);
        assertEquals(List.of(cyd.id()), segments.memberIds("best", ada.id(), 1000));
        assertEquals(List.of(), segments.memberIds("nobody", 0, 10));
        try {
            segments.memberIds("best", 0, 1001);
            fail("a page of 1001 ids");
        } catch (IllegalArgumentException e) {
            assertEquals("limit must be between 1 and 1000", e.getMessage());
        }
    }

    @Test
    public void countsAreKeptDayByDay() {
        LocalDate first = LocalDate.of(2026, 3, 1);
        Contact ada = contact("ada", "vip");
        contact("bob", "vip");
        segments.define("vip", null, "tag:vip", "ana");
        segments.catchUp();
        clock.advance(Duration.ofDays(1));
        Contact cy = contact("cy", "vip");
        segments.catchUp();
        clock.advance(Duration.ofDays(2));
        contacts.update(ada.id(), NewContact.of(contacts.find(ada.id()).orElseThrow()).withTags(Set.of("former")));
        contacts.update(cy.id(), NewContact.of(contacts.find(cy.id()).orElseThrow()).withTags(Set.of("former")));
        segments.catchUp();

        List<SegmentCount> counts = segments.counts("vip", first.minusDays(5), first.plusDays(10));
        assertEquals(List.of(new SegmentCount(first, 2, 2, 0), new SegmentCount(first.plusDays(1), 3, 1, 0),
                new SegmentCount(first.plusDays(2), 3, 0, 0), new SegmentCount(first.plusDays(3), 1, 0, 2)), counts);
        assertEquals(List.of(new SegmentCount(first.plusDays(2), 3, 0, 0)), segments.counts("vip", first.plusDays(2),
                first.plusDays(2)));
        assertEquals(List.of(), segments.counts("vip", first.minusDays(9), first.minusDays(1)));
    }

    @Test
    public void rfmScoresRankBuyersInFifths() {
        Contact[] buyers = new Contact[10];
        for (int i = 0; i < buyers.length; i++) {
            buyers[i] = contact("buyer" + i);
            // Buyer i bought i+1 times, most recently i days ago, spending 100 each time.
            for (int n = 0; n <= i; n++) {
                purchase(buyers[i], "100", Duration.ofDays(i + 30L * n));
            }
        }
        Contact never = contact("never");
        assertEquals(10, segments.scoreRfm());
        RfmScore top = segments.rfm(buyers[9].id()).orElseThrow();
        assertEquals("1-5-5", top.code());
        assertEquals(10, top.purchases());
        assertEquals(0, new BigDecimal("1000").compareTo(top.spent()));
        assertEquals("5-1-1", segments.rfm(buyers[0].id()).orElseThrow().code());
        assertTrue(segments.rfm(never.id()).isEmpty());

        Segment champions = segments.define("champions", null, "rfm:f>=4 rfm:m>=4", "ana");
        assertEquals(ids(buyers[6], buyers[7], buyers[8], buyers[9]), members("champions"));

        // A buyer who buys again is scored again against the same fifths within one check.
        segments.catchUp();
        clock.advance(Duration.ofMinutes(1));
        for (int n = 0; n < 9; n++) {
            purchase(buyers[0], "100", Duration.ofDays(n + 1));
        }
        segments.catchUp();
        assertEquals("5-5-5", segments.rfm(buyers[0].id()).orElseThrow().code());
        assertEquals(5, segments.find("champions").orElseThrow().members());
        assertTrue(champions.members() < 5);
    }

    @Test
    public void aBadConditionIsRefusedNamingTheWord() {
        assertEquals("word 2, 'did:purchase>=x': write did:type[@channel]>=count[/days d] (did:purchase>=2/90d) or "
                + "spent>=amount[/days d] (spent>=500/365d)",
                refusal(() -> segments.define("s", null, "tag:vip did:purchase>=x", "ana"), "condition"));
        assertEquals("word 1, 'rfm:x>=4': write rfm:r|f|m>=1..5 (rfm:r>=4)",
                refusal(() -> segments.define("s", null, "rfm:x>=4", "ana"), "condition"));
        assertEquals("word 1, 'prop:shoeSize>40': 'shoeSize' is not a contact property",
                refusal(() -> segments.define("s", null, "prop:shoeSize>40", "ana"), "condition"));
        assertEquals("word 1, 'segment:vip': a segment's condition cannot name another segment",
                refusal(() -> segments.define("s", null, "segment:vip", "ana"), "condition"));
        assertEquals("word 2, 'or': needs words before and after it",
                refusal(() -> segments.define("s", null, "tag:a or", "ana"), "condition"));
        assertEquals("word 1, 'channel:pigeon': 'pigeon' is not a channel; one of email, phone, in-person, social, web, "
                + "chat, mail, other", refusal(() -> segments.preview("channel:pigeon", 5), "condition"));
        assertTrue(refusal(() -> segments.define("Not A Name", null, "tag:a", "ana"), "name").contains("lower-case"));
        assertEquals("a search needs at least one word", refusal(() -> segments.define("s", null, " ", "ana"), "condition"));
        assertTrue(segments.list().isEmpty());
    }

    @Test
    public void aPreviewCountsWithoutSaving() {
        contact("ada", "vip");
        contact("bob", "vip");
        contact("cy");
        var preview = segments.preview("tag:vip", 1);
        assertEquals(2, preview.members());
        assertEquals(1, preview.sample().size());
        assertTrue(segments.list().isEmpty());
    }

    @Test
    public void anErasedContactLeavesItsSegments() {
        Contact ada = contact("ada", "vip");
        contact("bob", "vip");
        purchase(ada, "20", Duration.ofDays(3));
        segments.scoreRfm();
        segments.define("vip", null, "tag:vip", "ana");
        SegmentErasure erasure = new SegmentErasure(db.emf());
        Map<String, Object> export = erasure.export(ada.id());
        assertEquals(List.of("vip"), export.get("segments"));
        // The only buyer: the most recent, and (its figures being every fifth's boundary) the lowest F and M.
        assertEquals("5-1-1", ((RfmScore) export.get("rfm")).code());

        String report = erasure.erase(ada.id());
        assertEquals("taken out of 1 segment(s); RFM scores deleted", report);
        assertEquals(1, segments.find("vip").orElseThrow().members());
        assertTrue(segments.rfm(ada.id()).isEmpty());
        assertTrue(segments.remove("vip"));
        assertFalse(segments.remove("vip"));
    }
}

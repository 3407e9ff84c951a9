package org.rapport.segments.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactSearchWord;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentKind;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Segments ask the consent gate before profiling: a contact who objected to profiling is in no
 * marketing segment and has no RFM scores, on the real gate and a real Derby database.
 */
@Category(UsesDatabase.class)
public class SegmentProfilingTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-segments", "rapport-contacts", "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private ConsentServiceImpl consent;
    private SegmentServiceImpl segments;
    private Contact ada;
    private Contact grace;

    @Before
    public void setUp() {
        EntityManagerFactory contactsUnit = db.emf("rapport-contacts");
        contacts = new ContactServiceImpl(contactsUnit, new ContactPropertiesImpl(contactsUnit, clock), clock);
        interactions = new InteractionServiceImpl(contactsUnit, clock);
        consent = gate(LawfulBasis.LEGITIMATE_INTERESTS); // as shipped
        segments = segments(consent);
        contacts.addWord(new RfmWord(), Map.of(ContactSearchWord.PREFIX, "rfm"));
        ada = vip("ada");
        grace = vip("grace");
    }

    private ConsentServiceImpl gate(LawfulBasis profiling) {
        return new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "profiling"),
                Map.of("profiling", profiling));
    }

    private SegmentServiceImpl segments(ConsentGate gate) {
        return new SegmentServiceImpl(db.emf(), contacts, contacts, interactions, clock, 365, "", gate,
                ConsentGate.PROFILING);
    }

    /** A contact tagged vip, with a purchase. */
    private Contact vip(String name) {
        Contact c = contacts.create(new NewContact(name + "@example.com", name, "Tester", null, "en", "email",
                Set.of("vip")));
        interactions.record(c.id(), new NewInteraction("web", "inbound", "purchase", clock.instant().minus(Duration
                .ofDays(3)), null, Map.of("amount", "300", "currency", "EUR")), "test");
        return c;
    }

    private void object(Contact c) {
        consent.record(new ConsentChange(c.id(), "profiling", null, ConsentState.WITHDRAWN, null, "call centre", null,
                null), "agent");
    }

    private Set<Long> members(String segment) {
        return Set.copyOf(segments.members(segment, 0, 100).stream().map(Contact::id).toList());
    }

    @Test
    public void aContactWhoObjectedToProfilingIsInNoMarketingSegment() {
        object(grace);

        Segment vip = segments.define("vip", null, "tag:vip", "ana");
        Segment service = segments.define("vip-service", "VIP desk", "tag:vip", SegmentKind.SERVICE, "ana");

        assertEquals(SegmentKind.MARKETING, vip.kind());
        assertEquals(Set.of(ada.id()), members("vip"));
        assertEquals(1, vip.members());
        assertEquals("a service segment asks nothing", Set.of(ada.id(), grace.id()), members("vip-service"));
        assertEquals(SegmentKind.SERVICE, service.kind());
        assertEquals(List.of("vip-service"), segments.segmentsOf(grace.id()));
        List<ConsentBlock> blocks = consent.blocks(grace.id(), 10);
        assertEquals(1, blocks.size());
        assertEquals("membership of segment 'vip'", blocks.get(0).action());
        assertEquals("ana", blocks.get(0).requester());
        assertTrue(blocks.get(0).reason(), blocks.get(0).reason().startsWith("objected to profiling on 2026-03-01"));
        assertTrue(consent.blocks(ada.id(), 10).isEmpty());

        segments.define("vip", "Now described", "tag:vip", null, "ana");
        assertEquals("redefined without a kind, it keeps its own", SegmentKind.MARKETING, segments.find("vip")
                .orElseThrow().kind());
    }

    @Test
    public void anObjectionTakesTheContactOutAtTheNextCheckAndEachRunRecordsTheBlockOnce() {
        segments.define("vip", null, "tag:vip", "ana");
        assertEquals(Set.of(ada.id(), grace.id()), members("vip"));

        object(grace);
        clock.advance(Duration.ofSeconds(30));
        // What the timeline entry of the objection does in the product: the contact changed.
        interactions.record(grace.id(), new NewInteraction("web", "inbound", "visit", null, null, null), "test");
        segments.catchUp();
        segments.catchUp();

        assertEquals(Set.of(ada.id()), members("vip"));
        assertEquals("the watcher records its block once", 1, consent.blocks(grace.id(), 10).size());
        assertEquals(ProfilingFilter.WATCHER, consent.blocks(grace.id(), 10).get(0).requester());

        segments.refresh("vip");
        segments.refresh("vip");
        clock.advance(Duration.ofDays(1));
        segments.refresh("vip");
        assertEquals(Set.of(ada.id()), members("vip"));
        assertEquals("once per day's refresh", List.of("segments refresh of 2026-03-02", "segments refresh of 2026-03-01",
                ProfilingFilter.WATCHER), consent.blocks(grace.id(), 10).stream().map(ConsentBlock::requester).toList());
    }

    @Test
    public void aContactWhoObjectedHasNoRfmScores() {
        segments.scoreRfm();
        assertTrue(segments.rfm(grace.id()).isPresent());

        object(grace);
        assertEquals("buyers scored", 1, segments.scoreRfm());

        assertTrue(segments.rfm(ada.id()).isPresent());
        assertFalse(segments.rfm(grace.id()).isPresent());
        assertEquals("RFM scores", consent.blocks(grace.id(), 10).get(0).action());
        assertEquals("segments RFM scoring of 2026-03-01", consent.blocks(grace.id(), 10).get(0).requester());

        consent.record(new ConsentChange(grace.id(), "profiling", null, ConsentState.GRANTED, null, "app", null, null),
                "agent");
        interactions.record(grace.id(), new NewInteraction("web", "inbound", "purchase", null, null,
                Map.of("amount", "40", "currency", "EUR")), "test");
        segments.catchUp();
        assertTrue("scored again once the objection is lifted", segments.rfm(grace.id()).isPresent());
    }

    @Test
    public void onConsentOnlyContactsWhoGrantedProfilingAreInAMarketingSegment() {
        ConsentServiceImpl strict = gate(LawfulBasis.CONSENT);
        segments = segments(strict);
        strict.record(new ConsentChange(ada.id(), "profiling", null, ConsentState.GRANTED, null, "app", null, null),
                "agent");

        segments.define("vip", null, "tag:vip", "ana");

        assertEquals(Set.of(ada.id()), members("vip"));
        assertEquals("no consent recorded for profiling by every channel", strict.blocks(grace.id(), 1).get(0).reason());
    }

    @Test
    public void aConditionSelectsWhomAMarketingSegmentWouldHoldAndOnlyRecordsTheBlockWhenAsked() {
        Contact linus = contacts.create(new NewContact("linus@example.com", "linus", "Tester", null, "en", "email",
                Set.of("staff")));
        object(grace);

        assertEquals("previewed: the objector left out, nothing recorded", List.of(ada.id()),
                segments.select("tag:vip", null));
        assertEquals(0, consent.blocks(grace.id(), 10).size());
        assertEquals(List.of(ada.id(), linus.id()), segments.select("tag:vip or tag:staff", "campaign spring"));
        assertEquals("campaign spring", consent.blocks(grace.id(), 10).get(0).requester());
        try {
            segments.select("segment:vip", null);
            throw new AssertionError("a condition naming a segment is refused");
        } catch (org.rapport.contacts.api.ContactValidationException e) {
            assertEquals(Set.of("condition"), e.fieldErrors().keySet());
        }
    }

    @Test
    public void aKeysetPageStartsAfterTheLastIdWhateverJoinedBefore() {
        Contact linus = vip("linus");
        segments.define("vip", null, "tag:vip", "ana");
        List<Contact> first = segments.membersAfter("vip", 0, 2);
        assertEquals(List.of(ada.id(), grace.id()), first.stream().map(Contact::id).toList());
        assertEquals(List.of(linus.id()), segments.membersAfter("vip", grace.id(), 2).stream().map(Contact::id)
                .toList());
        assertEquals(List.of(), segments.membersAfter("vip", linus.id(), 2));
    }
}

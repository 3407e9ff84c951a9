package org.rapport.privacy.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.spi.ConsentVerdict;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The gate by each purpose's lawful basis, and profiling checked for many contacts at once, on real Derby. */
@Category(UsesDatabase.class)
public class ProfilingGateTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T09:00:00Z"));
    private ContactServiceImpl contacts;
    private ConsentServiceImpl gate;
    private long ada;
    private long grace;
    private long alan;

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        // As shipped: profiling on legitimate interests, the rest on consent.
        gate = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "profiling",
                "analytics"), PurposeBases.parse(new String[] {"profiling:legitimate-interests"}));
        ada = person("ada");
        grace = person("grace");
        alan = person("alan");
    }

    private long person(String name) {
        return contacts.create(new NewContact(name + "@example.com", name, "Test")).id();
    }

    private void record(long contact, String purpose, Channel channel, ConsentState state) {
        gate.record(new ConsentChange(contact, purpose, channel, state, null, "preference centre", null, null), "agent");
        clock.advance(Duration.ofMinutes(1));
    }

    @Test
    public void onLegitimateInterestsProfilingGoesAheadUnlessThePersonObjected() {
        record(grace, "profiling", null, ConsentState.WITHDRAWN);

        ConsentVerdict noRecord = gate.check(ada, "profiling", null, "segment vip", "segments");
        ConsentVerdict objected = gate.check(grace, "profiling", null, "segment vip", "segments");

        assertTrue(noRecord.reason(), noRecord.allowed());
        assertEquals("profiling on legitimate interests: no objection recorded", noRecord.reason());
        assertNull(noRecord.consentId());
        assertFalse(objected.allowed());
        assertEquals("objected to profiling on 2026-11-01 09:00 UTC (preference centre)", objected.reason());
        assertTrue(gate.blocks(ada, 10).isEmpty());
        assertEquals(objected.reason(), gate.blocks(grace, 10).get(0).reason());
        assertFalse("marketing stays on consent", gate.check(ada, "marketing", "email", "newsletter", "campaigns")
                .allowed());

        record(grace, "profiling", null, ConsentState.GRANTED);
        assertTrue("a grant after the objection lifts it", gate.check(grace, "profiling", null, "segment vip", "segments")
                .allowed());
    }

    @Test
    public void onConsentProfilingNeedsAGrant() {
        ConsentServiceImpl strict = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock,
                List.of("profiling"), PurposeBases.parse(new String[] {"profiling:consent"}));
        record(grace, "profiling", null, ConsentState.GRANTED);

        Map<Long, ConsentVerdict> verdicts = strict.checkProfiling(List.of(ada, grace), "profiling", "RFM scores",
                "segments");

        assertFalse(verdicts.get(ada).allowed());
        assertEquals("no consent recorded for profiling by every channel", verdicts.get(ada).reason());
        assertTrue(verdicts.get(grace).allowed());

        // A preview on a channel answers as check would, the channel's own records included, and records nothing.
        record(alan, "marketing", null, ConsentState.GRANTED);
        record(alan, "marketing", Channel.EMAIL, ConsentState.WITHDRAWN);
        record(grace, "marketing", Channel.EMAIL, ConsentState.GRANTED);
        int blocksBefore = gate.blocks(ada, 10).size() + gate.blocks(alan, 10).size();
        Map<Long, ConsentVerdict> preview = gate.preview(List.of(ada, grace, alan), "marketing", "email");
        assertEquals("no consent recorded for marketing by email", preview.get(ada).reason());
        assertTrue(preview.get(grace).allowed());
        assertFalse(preview.get(alan).allowed());
        assertEquals(gate.check(alan, "marketing", "email", "x", "y").reason(), preview.get(alan).reason());
        assertTrue(gate.preview(List.of(alan), "marketing", "phone").get(alan).allowed());
        assertEquals("only the check above recorded a block", blocksBefore + 1,
                gate.blocks(ada, 10).size() + gate.blocks(alan, 10).size());
    }

    @Test
    public void manyContactsAreCheckedAtOnceAndEachBlockIsRecordedOnce() {
        record(grace, "profiling", null, ConsentState.WITHDRAWN);
        record(alan, "profiling", null, ConsentState.GRANTED);
        record(ada, "profiling", Channel.EMAIL, ConsentState.WITHDRAWN); // one channel: not an objection to profiling
        List<Long> many = new ArrayList<>(List.of(ada, grace, alan));
        for (long id = 10_000; id < 11_500; id++) {
            many.add(id); // past one query's thousand, none of them with a record
        }

        Map<Long, ConsentVerdict> first = gate.checkProfiling(many, "profiling", "membership of segment vip", "segments");
        gate.checkProfiling(many, "profiling", "membership of segment vip", "segments");

        assertEquals(many.size(), first.size());
        assertTrue(first.get(ada).allowed());
        assertTrue(first.get(alan).allowed());
        assertTrue(first.get(10_999L).allowed());
        assertFalse(first.get(grace).allowed());
        assertTrue(first.get(grace).reason(), first.get(grace).reason().startsWith("objected to profiling on "));
        List<ConsentBlock> blocks = gate.blocks(grace, 10);
        assertEquals("asked twice, blocked for the same reason: recorded once", 1, blocks.size());
        assertEquals("membership of segment vip", blocks.get(0).action());
        assertEquals("segments", blocks.get(0).requester());
        assertNull(blocks.get(0).channel());

        gate.checkProfiling(List.of(grace), "profiling", "retention sweep 7", "retention");
        record(grace, "profiling", null, ConsentState.WITHDRAWN);
        gate.checkProfiling(List.of(grace), "profiling", "membership of segment vip", "segments");
        assertEquals("another action, and a new objection, are recorded", 3, gate.blocks(grace, 10).size());
    }

    @Test
    public void anUnknownPurposeBlocksEveryone() {
        Map<Long, ConsentVerdict> verdicts = gate.checkProfiling(List.of(ada, grace), "Scoring", "RFM", "segments");

        assertFalse(verdicts.get(ada).allowed());
        assertEquals("'Scoring' is not a purpose consent is recorded for; one of marketing, profiling, analytics",
                verdicts.get(ada).reason());
        assertEquals("the block names the purpose asked for", "scoring", gate.blocks(ada, 1).get(0).purpose());
    }

    @Test
    public void badBasesAreRefusedNamingTheEntry() {
        assertEquals(Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS, "analytics", LawfulBasis.CONSENT),
                PurposeBases.parse(new String[] {" profiling : legitimate-interest , analytics:consent"}));
        assertEquals("bases in org.rapport.privacy: 'profiling' must be purpose:basis, such as "
                + "profiling:legitimate-interests", assertThrows(IllegalArgumentException.class,
                        () -> PurposeBases.parse(new String[] {"profiling"})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PurposeBases.parse(new String[] {"profiling:maybe"}))
                .getMessage().startsWith("bases in org.rapport.privacy, purpose profiling: 'maybe' is not a lawful basis"));
        assertEquals("bases in org.rapport.privacy names profiling twice", assertThrows(IllegalArgumentException.class,
                () -> PurposeBases.parse(new String[] {"profiling:consent", "profiling:consent"})).getMessage());
        assertEquals("bases in org.rapport.privacy names 'scoring', which is not one of the purposes marketing",
                assertThrows(IllegalArgumentException.class, () -> new ConsentServiceImpl(db.emf("rapport-privacy"),
                        contacts, clock, List.of("marketing"), Map.of("scoring", LawfulBasis.CONSENT))).getMessage());
        assertEquals("bases in org.rapport.privacy gives marketing the basis contract; the gate applies consent or "
                + "legitimate-interests", assertThrows(IllegalArgumentException.class, () -> new ConsentServiceImpl(
                        db.emf("rapport-privacy"), contacts, clock, List.of("marketing"),
                        Map.of("marketing", LawfulBasis.CONTRACT))).getMessage());
    }
}

package org.rapport.privacy.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentRate;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.spi.ConsentVerdict;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Consent records and the gate, against a real Derby database. */
@Category(UsesDatabase.class)
public class ConsentServiceImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T09:00:00Z"));
    private ConsentServiceImpl privacy;
    private long ada;

    @Before
    public void setUp() {
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        privacy = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock,
                ConsentServiceImpl.purposes(new String[] {"marketing, profiling", "service"}));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    private Consent record(String purpose, Channel channel, ConsentState state, Instant expiresAt) {
        Consent c = privacy.record(new ConsentChange(ada, purpose, channel, state, null, "web form", "optin-42", expiresAt),
                "agent");
        clock.advance(Duration.ofMinutes(1));
        return c;
    }

    private ConsentVerdict ask(String purpose, Channel channel) {
        return privacy.check(ada, purpose, channel == null ? null : channel.label(), "newsletter", "campaigns");
    }

    @Test
    public void ratesCountEachContactsNewestRecordPerPurposeAndChannel() {
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        long grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
        long alan = contacts.create(new NewContact("alan@example.com", "Alan", "Turing")).id();
        record("marketing", Channel.EMAIL, ConsentState.GRANTED, null);
        record("marketing", Channel.EMAIL, ConsentState.WITHDRAWN, null);   // Ada's newest: withdrawn
        record("marketing", Channel.EMAIL, ConsentState.GRANTED, null);     // ... granted again
        privacy.record(new ConsentChange(grace, "marketing", Channel.EMAIL, ConsentState.GRANTED, null, "form", null,
                clock.instant().plus(Duration.ofDays(1))), "agent");          // expires tomorrow
        privacy.record(new ConsentChange(alan, "marketing", Channel.EMAIL, ConsentState.WITHDRAWN, null, "form", null,
                null), "agent");
        record("profiling", null, ConsentState.GRANTED, null);
        clock.advance(Duration.ofDays(2));                                  // Grace's grant has expired

        assertEquals(List.of(
                new ConsentRate("marketing", Channel.EMAIL, 1, 1, 1),
                new ConsentRate("profiling", null, 1, 0, 0)), privacy.rates());
        assertEquals(1.0 / 3, privacy.rates().get(0).rate(), 1e-9);
        assertEquals(3, privacy.rates().get(0).contacts());
    }

    @Test
    public void aConsentChangeCommitsWithItsDomainEventOfCodesAndIds() throws java.sql.SQLException {
        Consent granted = record("marketing", Channel.EMAIL, ConsentState.GRANTED, Instant.parse("2027-01-01T00:00:00Z"));
        Consent withdrawn = record("profiling", null, ConsentState.WITHDRAWN, null);

        List<String> rows = new java.util.ArrayList<>();
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("select TYPE, CONTACT_ID, OCCURRED_AT, DATA from DOMAIN_EVENT "
                        + "where TYPE = 'consent.changed' order by ID")) {
            while (r.next()) {
                rows.add(r.getString(1) + "|" + r.getLong(2) + "|" + Instant.ofEpochMilli(r.getLong(3)) + "|" + r.getString(4));
            }
        }
        assertEquals(List.of(
                "consent.changed|" + ada + "|2026-11-01T09:00:00Z|{\"contactId\":" + ada + ",\"consentId\":" + granted.id()
                        + ",\"purpose\":\"marketing\",\"channel\":\"email\",\"state\":\"granted\",\"basis\":\"consent\","
                        + "\"expiresAt\":\"2027-01-01T00:00:00Z\",\"occurredAt\":\"2026-11-01T09:00:00Z\"}",
                "consent.changed|" + ada + "|2026-11-01T09:01:00Z|{\"contactId\":" + ada + ",\"consentId\":" + withdrawn.id()
                        + ",\"purpose\":\"profiling\",\"channel\":null,\"state\":\"withdrawn\",\"basis\":\"consent\","
                        + "\"expiresAt\":null,\"occurredAt\":\"2026-11-01T09:01:00Z\"}"), rows);
        assertFalse("not the source or proof", rows.toString().contains("web form") || rows.toString().contains("optin"));
    }

    @Test
    public void withoutAGrantNothingReachesTheContactAndTheBlockIsRecorded() {
        ConsentVerdict verdict = ask("marketing", Channel.EMAIL);

        assertFalse(verdict.allowed());
        assertEquals("no consent recorded for marketing by email", verdict.reason());
        List<ConsentBlock> blocks = privacy.blocks(ada, 10);
        assertEquals(1, blocks.size());
        assertEquals("newsletter", blocks.get(0).action());
        assertEquals("campaigns", blocks.get(0).requester());
        assertEquals(Channel.EMAIL, blocks.get(0).channel());
        assertEquals(verdict.reason(), blocks.get(0).reason());
    }

    @Test
    public void theNewestRecordForTheChannelOrForEveryChannelDecides() {
        Consent all = record("marketing", null, ConsentState.GRANTED, null);
        assertTrue(ask("marketing", Channel.EMAIL).allowed());
        assertTrue(ask("marketing", Channel.PHONE).allowed());
        assertEquals(all.id(), ask("marketing", Channel.PHONE).consentId().longValue());
        assertFalse("another purpose is not covered", ask("profiling", null).allowed());

        Consent noEmail = record("marketing", Channel.EMAIL, ConsentState.WITHDRAWN, null);

        ConsentVerdict email = ask("marketing", Channel.EMAIL);
        assertFalse(email.allowed());
        assertTrue(email.reason(), email.reason().startsWith("marketing by email withdrawn on 2026-11-01 09:01 UTC"));
        assertEquals(noEmail.id(), email.consentId().longValue());
        assertTrue("other channels keep the grant for every channel", ask("marketing", Channel.PHONE).allowed());

        record("marketing", null, ConsentState.WITHDRAWN, null);
        assertFalse(ask("marketing", Channel.PHONE).allowed());
        record("marketing", Channel.EMAIL, ConsentState.GRANTED, null);
        assertTrue("a newer grant for the channel decides", ask("marketing", Channel.EMAIL).allowed());

        List<Consent> current = privacy.current(ada);
        assertEquals(List.of("marketing/null/WITHDRAWN", "marketing/EMAIL/GRANTED"), current.stream()
                .map(c -> c.purpose() + "/" + c.channel() + "/" + c.state()).toList());
        assertEquals(4, privacy.history(ada).size());
        assertEquals("the history is newest first", ConsentState.GRANTED, privacy.history(ada).get(0).state());
    }

    @Test
    public void consentWithdrawnBetweenSchedulingAndSendingBlocksTheSend() {
        record("marketing", Channel.EMAIL, ConsentState.GRANTED, null);
        ConsentVerdict whenScheduled = ask("marketing", Channel.EMAIL);

        record("marketing", Channel.EMAIL, ConsentState.WITHDRAWN, null);
        ConsentVerdict whenSending = ask("marketing", Channel.EMAIL);

        assertTrue(whenScheduled.allowed());
        assertFalse(whenSending.allowed());
        assertEquals(1, privacy.blocks(ada, 10).size());
    }

    @Test
    public void aGrantLapsesWhenItExpiresAndProfilingNeedsAGrantForEveryChannel() {
        record("profiling", Channel.WEB, ConsentState.GRANTED, null);
        assertFalse("profiling acts on no channel: a grant for one channel does not cover it", ask("profiling", null).allowed());
        record("profiling", null, ConsentState.GRANTED, clock.instant().plus(Duration.ofDays(30)));
        assertTrue(ask("profiling", null).allowed());

        clock.advance(Duration.ofDays(31));

        ConsentVerdict lapsed = ask("profiling", null);
        assertFalse(lapsed.allowed());
        assertTrue(lapsed.reason(), lapsed.reason().startsWith("profiling by every channel expired on 2026-12-01"));
    }

    @Test
    public void aChannelIsNamedAsContactsNamesItAndAnUnknownNameIsRefused() {
        record("marketing", Channel.IN_PERSON, ConsentState.GRANTED, null);

        assertTrue(privacy.check(ada, "marketing", "In-Person", "fair", "events").allowed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> privacy.check(ada, "marketing", "pigeon", "fair", "events"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("'pigeon' is not a channel"));
        assertEquals("a refused question is no block", 0, privacy.blocks(ada, 10).size());
    }

    @Test
    public void anUnknownPurposeIsBlockedNotGuessed() {
        record("marketing", null, ConsentState.GRANTED, null);

        ConsentVerdict verdict = ask("newsletters", Channel.EMAIL);

        assertFalse(verdict.allowed());
        assertEquals("'newsletters' is not a purpose consent is recorded for; one of marketing, profiling, service",
                verdict.reason());
        assertNull(verdict.consentId());
    }

    @Test
    public void aGrantRecordsItsBasisSourceAndProof() {
        Consent c = privacy.record(new ConsentChange(ada, "Service", Channel.PHONE, ConsentState.GRANTED,
                LawfulBasis.CONTRACT, " call centre ", " ", null), "grace");

        assertEquals("service", c.purpose());
        assertEquals(LawfulBasis.CONTRACT, c.basis());
        assertEquals("call centre", c.source());
        assertNull(c.proof());
        assertEquals("grace", c.actor());
        assertEquals(clock.instant(), c.recordedAt());
    }

    @Test
    public void badChangesAreRefusedAndNothingIsRecorded() {
        refused(new ConsentChange(ada + 99, "marketing", null, ConsentState.GRANTED, null, "form", null, null),
                "contact " + (ada + 99) + " does not exist");
        refused(new ConsentChange(ada, "spam", null, ConsentState.GRANTED, null, "form", null, null),
                "purpose 'spam' is not one of marketing, profiling, service");
        refused(new ConsentChange(ada, "marketing", null, null, null, "form", null, null), "state is required");
        refused(new ConsentChange(ada, "marketing", null, ConsentState.GRANTED, null, " ", null, null), "source is required");
        refused(new ConsentChange(ada, "marketing", null, ConsentState.GRANTED, null, "form", null,
                clock.instant().minusSeconds(1)), "is not in the future");
        assertEquals(0, privacy.history(ada).size());
    }

    private void refused(ConsentChange change, String message) {
        try {
            privacy.record(change, "agent");
            fail("expected refusal: " + message);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    @Test
    public void purposesChangeLiveAndABadSettingIsRefusedKeepingThePreviousOnes() {
        assertThrows(IllegalArgumentException.class, () -> record("loyalty", Channel.EMAIL, ConsentState.GRANTED, null));

        privacy.modified(config(Map.of("purposes", new String[] {"marketing, profiling, service, loyalty"})));
        assertEquals(ConsentState.GRANTED, record("loyalty", Channel.EMAIL, ConsentState.GRANTED, null).state());

        privacy.modified(config(Map.of("purposes", new String[] {"marketing"}, "bases", new String[] {"loyalty:contract"})));
        assertTrue("the previous purposes go on", privacy.purposes().contains("loyalty"));
        assertEquals(ConsentState.WITHDRAWN, record("loyalty", Channel.EMAIL, ConsentState.WITHDRAWN, null).state());
    }

    /** The settings with their defaults but for {@code settings}, as the container hands them over. */
    private static PrivacyConfig config(Map<String, Object> settings) {
        return (PrivacyConfig) Proxy.newProxyInstance(PrivacyConfig.class.getClassLoader(),
                new Class<?>[] {PrivacyConfig.class}, (proxy, method, args) -> method.getName().equals("annotationType")
                        ? PrivacyConfig.class : settings.getOrDefault(method.getName(), method.getDefaultValue()));
    }
}

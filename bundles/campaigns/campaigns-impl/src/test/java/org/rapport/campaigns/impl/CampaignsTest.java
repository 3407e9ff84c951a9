package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.CampaignPreview;
import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.UnsubscribeOutcome;
import org.rapport.campaigns.api.Variant;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.communication.impl.MessageServiceImpl;
import org.rapport.communication.impl.Outbox;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.segments.impl.SegmentServiceImpl;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Campaigns on Derby with the product's contacts, segments, consent gate, outbox, job runner and
 * rules ({@link CampaignsFixture}): definition, preview, sending, unsubscribe, pause and resume.
 */
@Category(UsesDatabase.class)
public class CampaignsTest {

    private static final Pattern LINK = Pattern.compile("https://crm\\.shop\\.example/api/v1/unsubscribe/(\\S+)");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-campaigns", "rapport-contacts", "rapport-segments",
            "rapport-communication", "rapport-privacy", "rapport-rules");

    private CampaignsFixture f;
    private MutableClock clock;
    private List<OutgoingMessage> delivered;
    private ContactServiceImpl contacts;
    private ConsentServiceImpl consent;
    private SegmentServiceImpl segments;
    private MessageServiceImpl messages;
    private CampaignServiceImpl campaigns;
    private CampaignErasure erasure;

    @Before
    public void setUp() {
        f = new CampaignsFixture(db);
        clock = f.clock;
        delivered = f.delivered;
        contacts = f.contacts;
        consent = f.consent;
        segments = f.segments;
        messages = f.messages;
        campaigns = f.campaigns;
        erasure = f.erasure;
    }

    @After
    public void tearDown() {
        f.close();
    }

    private long customer(String name, ConsentState marketing, Channel channel) {
        return f.customer(name, "spring", marketing, channel);
    }

    private NewCampaign spring(String name, int rate) {
        return f.campaign(name, "spring", rate, "spring-a", "spring-b");
    }

    @Test
    public void aCampaignReachesOnlyTheConsentedWithOneClickUnsubscribeAndCountsWhatBecameOfEachMessage() {
        long ada = customer("ada", ConsentState.GRANTED, null);
        long bob = customer("bob", null, null);
        customer("cy", ConsentState.WITHDRAWN, Channel.EMAIL);
        long dan = customer("dan", ConsentState.GRANTED, Channel.EMAIL);
        segments.define("spring", "spring buyers", "tag:spring", "analyst");

        try {
            campaigns.define(new NewCampaign("Bad Name!", "nobody", "spam", "fax", List.of(new Variant("no-link", 0),
                    new Variant("missing", 5)), clock.instant().minusSeconds(60), 0), "analyst");
            fail("accepted");
        } catch (ContactValidationException e) {
            assertEquals(List.of("name", "segment", "purpose", "channel", "variants[0].template", "variants[0].share",
                    "variants[1].template", "startAt", "ratePerMinute"), List.copyOf(e.fieldErrors().keySet()));
            assertTrue(e.fieldErrors().get("variants[0].template"), e.fieldErrors().get("variants[0].template")
                    .contains("has no {{var.unsubscribeUrl}}"));
        }
        assertEquals("nothing stored", List.of(), campaigns.list());

        Campaign draft = campaigns.define(spring("spring-sale", 2), "analyst");
        CampaignPreview preview = campaigns.preview(draft.id());
        assertEquals(4, preview.audience());
        assertEquals(2, preview.reachable());
        assertEquals(Map.of("no consent recorded for marketing by email", 1L, "marketing by email withdrawn", 1L),
                preview.heldBack());
        assertEquals(2L, preview.byVariant().values().stream().mapToLong(Long::longValue).sum());
        assertEquals("a preview records no block", List.of(), consent.blocks(bob, 10));
        assertTrue(delivered.isEmpty());

        Campaign launched = campaigns.launch(draft.id(), "analyst");
        assertEquals(4, launched.recipients());
        assertEquals("two pages at two a minute: every message queued", CampaignStatus.DONE, launched.status());
        assertEquals("the second page waited for its minute", Instant.parse("2026-12-01T09:01:00Z"), clock.instant());
        Outbox.dispatch(messages);

        assertEquals(2, delivered.size());
        for (OutgoingMessage m : delivered) {
            assertTrue(m.contactId() == ada || m.contactId() == dan);
            Matcher link = LINK.matcher(m.body());
            assertTrue(m.body(), link.find());
            assertEquals("<" + link.group() + ">", m.headers().get("List-Unsubscribe"));
            assertEquals("List-Unsubscribe=One-Click", m.headers().get("List-Unsubscribe-Post"));
        }
        CampaignFigures figures = campaigns.figures(draft.id());
        CampaignFigures.Line total = figures.total();
        assertEquals(4, total.targeted());
        assertEquals(2, total.sent());
        assertEquals(0, total.pending());
        assertEquals(Map.of("no consent recorded for marketing by email", 1L, "marketing by email withdrawn", 1L),
                total.heldBack());
        assertEquals(4, figures.variants().stream().mapToLong(CampaignFigures.Line::targeted).sum());
        assertEquals(Variants.choose(draft.variants(), draft.id(), ada), Variants.choose(draft.variants(), draft.id(), ada));

        OutgoingMessage toDan = delivered.stream().filter(m -> m.contactId() == dan).findFirst().orElseThrow();
        f.hardBounce(toDan.id(), "dan@example.com");
        CampaignFigures.Line afterBounce = campaigns.figures(draft.id()).total();
        assertEquals("a bounced message was sent all the same", 2, afterBounce.sent());
        assertEquals(1, afterBounce.bounced());
        f.hardBounce(toDan.id(), "dan@example.com");
        assertEquals("a second report of the same bounce counts once", 1,
                campaigns.figures(draft.id()).total().bounced());

        OutgoingMessage toAda = delivered.stream().filter(m -> m.contactId() == ada).findFirst().orElseThrow();
        Matcher link = LINK.matcher(toAda.body());
        assertTrue(link.find());
        String token = link.group(1);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        int records = consent.history(ada).size();
        assertEquals(UnsubscribeOutcome.INVALID, campaigns.unsubscribe(forged));
        assertEquals(UnsubscribeOutcome.INVALID, campaigns.unsubscribe("1-x"));
        assertEquals("a forged token records nothing", records, consent.history(ada).size());
        assertEquals(UnsubscribeOutcome.WITHDRAWN, campaigns.unsubscribe(token));
        assertFalse(consent.check(ada, "marketing", "email", "next campaign", "test").allowed());
        assertEquals(UnsubscribeOutcome.ALREADY, campaigns.unsubscribe(token));
        assertEquals("a replay records nothing more", records + 1, consent.history(ada).size());
        assertEquals("campaign " + draft.id() + " recipient " + token.substring(0, token.indexOf('-')),
                consent.history(ada).get(0).proof());
        assertEquals(1, campaigns.figures(draft.id()).total().unsubscribed());

        try {
            campaigns.launch(draft.id(), "analyst");
            fail("launched twice");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("only a draft"));
        }
        try {
            campaigns.define(spring("spring-sale", 5), "analyst");
            fail("changed after launch");
        } catch (ContactValidationException e) {
            assertTrue(e.conflict());
        }

        assertEquals(1, ((List<?>) erasure.export(ada).get("recipients")).size());
        erasure.erase(ada);
        assertEquals(List.of(), erasure.export(ada).get("recipients"));
        assertEquals(3, campaigns.figures(draft.id()).total().targeted());
    }

    @Test
    public void theAdministratorsHighestRateHoldsNewCampaignsAndThoseDefinedBefore() {
        for (String name : List.of("ivy", "jon", "kim", "lea")) {
            customer(name, ConsentState.GRANTED, null);
        }
        segments.define("spring", "spring buyers", "tag:spring", "analyst");
        Campaign fast = campaigns.define(spring("fast", 6), "analyst");

        f.sending.modified(CampaignsFixture.config(Map.of("publicUrl", CampaignsFixture.PUBLIC_URL,
                "maxRatePerMinute", 2)));
        try {
            campaigns.define(spring("faster", 3), "analyst");
            fail("faster than the administrator allows");
        } catch (ContactValidationException e) {
            assertEquals(Map.of("ratePerMinute", "messages a minute, 1 to 2 (the administrator's maxRatePerMinute in "
                    + "org.rapport.campaigns), not 3"), e.fieldErrors());
        }
        f.sending.modified(CampaignsFixture.config(Map.of("publicUrl", CampaignsFixture.PUBLIC_URL,
                "maxRatePerMinute", 600_001)));
        assertEquals("a setting out of range is refused, the previous one holds", 2, f.sending.maxRate());

        Campaign launched = campaigns.launch(fast.id(), "analyst");
        assertEquals(CampaignStatus.DONE, launched.status());
        assertEquals("defined at 6 a minute, sent at the administrator's 2: two pages, the second a minute later",
                Instant.parse("2026-12-01T09:01:00Z"), clock.instant());
        Outbox.dispatch(messages);
        assertEquals(4, delivered.size());
    }

    @Test
    public void aPageWaitsWhileTheOutboxHoldsAPageAndAPauseMeanwhileQueuesNothing() {
        long staff = f.customer("zed", "staff", ConsentState.GRANTED, null);
        for (int i = 0; i < CampaignSending.PAGE; i++) {
            messages.send(new SendRequest(staff, "email", "spring-a", "marketing", Map.of("unsubscribeUrl", "x"),
                    "newsletter-" + i), "agent");
        }
        customer("mia", ConsentState.GRANTED, null);
        segments.define("spring", "spring buyers", "tag:spring", "analyst");
        Campaign c = campaigns.define(spring("held", 100), "analyst");
        AtomicBoolean paused = new AtomicBoolean();
        f.duringWait.set(() -> {
            if (paused.compareAndSet(false, true)) {
                campaigns.pause(c.id(), "analyst");
            }
        });

        Instant launchedAt = clock.instant();
        assertEquals(CampaignStatus.PAUSED, campaigns.launch(c.id(), "analyst").status());
        assertTrue("paused while its first page waited for the outbox", paused.get());
        assertEquals("nothing of the campaign queued", 1, campaigns.figures(c.id()).total().pending());
        assertEquals(CampaignSending.PAGE, messages.count(null, MessageStatus.QUEUED));

        f.duringWait.set(() -> { });
        assertEquals("resumed, it waits a minute at most for the outbox, then goes on", CampaignStatus.DONE,
                campaigns.resume(c.id(), "analyst").status());
        assertEquals(CampaignSending.PAGE + 1, messages.count(null, MessageStatus.QUEUED));
        assertTrue(clock.instant().isAfter(launchedAt.plus(Duration.ofMinutes(1))));
        assertTrue(clock.instant().isBefore(launchedAt.plus(Duration.ofMinutes(3))));
    }

    @Test
    public void pauseStopsSendingAfterThePageResumeGoesOnAndCancelLeavesTheRestUnsent() {
        for (String name : List.of("eve", "fay", "gus", "hal")) {
            customer(name, ConsentState.GRANTED, null);
        }
        segments.define("spring", "spring buyers", "tag:spring", "analyst");
        Campaign c = campaigns.define(spring("slow", 1), "analyst");
        f.duringWait.set(() -> campaigns.pause(c.id(), "analyst"));

        Campaign launched = campaigns.launch(c.id(), "analyst");
        assertEquals("paused in the minute after the first page", CampaignStatus.PAUSED, launched.status());
        Outbox.dispatch(messages);
        assertEquals(1, delivered.size());
        assertEquals(3, campaigns.figures(c.id()).total().pending());
        // Someone sending a message of their own under the reference a pending recipient's would have had, in the
        // shape of old: the campaign's references are signed, and only the message it queued settles a recipient.
        long waiting = ((Number) db.emf("rapport-campaigns").createEntityManager().createNativeQuery("select min(ID) from "
                + "CAMPAIGN_RECIPIENT where STATUS = 'PENDING'").getSingleResult()).longValue();
        long contactOfWaiting = ((Number) db.emf("rapport-campaigns").createEntityManager().createNativeQuery("select "
                + "CONTACT_ID from CAMPAIGN_RECIPIENT where ID = " + waiting).getSingleResult()).longValue();
        messages.send(new SendRequest(contactOfWaiting, "email", "spring-a", "marketing", Map.of("unsubscribeUrl", "x"),
                LinkTokens.REFERENCE_PREFIX + waiting), "agent");
        Outbox.dispatch(messages);
        assertEquals("a look-alike reference settles nothing", 3, campaigns.figures(c.id()).total().pending());

        f.duringWait.set(() -> { });
        clock.advance(Duration.ofMinutes(5));
        assertEquals(CampaignStatus.DONE, campaigns.resume(c.id(), "analyst").status());
        Outbox.dispatch(messages);
        assertEquals("the campaign's four and the look-alike", 5, delivered.size());
        assertEquals(4, campaigns.figures(c.id()).total().sent());

        Campaign other = campaigns.define(new NewCampaign("later", "spring", "marketing", "email",
                List.of(new Variant("spring-a", 1)), clock.instant().plus(Duration.ofDays(1)), 10), "analyst");
        assertEquals(CampaignStatus.SCHEDULED, campaigns.launch(other.id(), "analyst").status());
        campaigns.pause(other.id(), "analyst");
        assertEquals("resumed before its start, it waits for it", CampaignStatus.SCHEDULED,
                campaigns.resume(other.id(), "analyst").status());
        assertEquals(CampaignStatus.CANCELLED, campaigns.cancel(other.id(), "analyst").status());
        clock.advance(Duration.ofDays(2));
        CampaignFigures figures = campaigns.figures(other.id());
        assertEquals(4, figures.total().targeted());
        assertEquals("cancelled before its start: nothing sent", 0, figures.total().sent() + figures.total().pending());
        assertEquals(5, delivered.size());
    }
}

package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.osgi.service.event.Event;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.CampaignPreview;
import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.campaigns.api.UnsubscribeOutcome;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.privacy.api.ConsentState;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Frequency caps and quiet hours by the shipped {@code campaigns} rules, tracking only for contacts
 * who consented to it, clicks that lead only to the template's URLs, and conversions within the
 * window, on the real components of {@link CampaignsFixture}.
 */
@Category(UsesDatabase.class)
public class CapsTrackingTest {

    private static final String WEEK_CAP = "no more than two marketing messages a week";
    private static final String COMPLAINT = "not to customers with an open complaint";
    private static final Pattern OPEN = Pattern.compile("https://crm\\.shop\\.example/api/v1/track/open/(\\S+?)\"");
    private static final Pattern CLICK = Pattern.compile("https://crm\\.shop\\.example/api/v1/track/click/(\\S+)");
    private static final Pattern CLICK_HREF = Pattern.compile(
            "<a href=\"https://crm\\.shop\\.example/api/v1/track/click/([^\"]+)\">Shop</a>");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-campaigns", "rapport-contacts", "rapport-segments",
            "rapport-communication", "rapport-privacy", "rapport-rules");

    private CampaignsFixture f;

    @Before
    public void setUp() {
        f = new CampaignsFixture(db);
    }

    @After
    public void tearDown() {
        f.close();
    }

    private Campaign sendNow(String name, String segment) {
        Campaign c = f.campaigns.define(f.campaign(name, segment, 100, "spring-a"), "analyst");
        Campaign launched = f.campaigns.launch(c.id(), "analyst");
        f.dispatch();
        return launched;
    }

    @Test
    public void capsHoldBackTheThirdMessageInAWeekAndTheComplainerAndQuietHoursDeferToTheMorning() {
        long ann = f.customer("ann", "weekly", ConsentState.GRANTED, null);
        long ben = f.customer("ben", "weekly", ConsentState.GRANTED, null);
        long cat = f.customer("cat", "weekly", ConsentState.GRANTED, null);
        f.interactions.record(cat, new NewInteraction("phone", "inbound", "complaint",
                f.clock.instant().minus(Duration.ofDays(5)), "late delivery", Map.of()), "agent");
        f.segments.define("weekly", "weekly buyers", "tag:weekly", "analyst");

        sendNow("monday", "weekly");
        f.clock.advance(Duration.ofDays(1));
        sendNow("tuesday", "weekly");
        assertEquals("two messages each, the complainer none", 4, f.delivered.size());
        f.clock.advance(Duration.ofDays(1));

        Campaign third = f.campaigns.define(f.campaign("wednesday", "weekly", 100, "spring-a"), "analyst");
        CampaignPreview preview = f.campaigns.preview(third.id());
        assertEquals(0, preview.reachable());
        assertEquals(Map.of(WEEK_CAP, 2L, COMPLAINT, 1L), preview.heldBack());
        assertEquals("a preview records no decision", 0, f.ledger.about(Long.toString(ann), 50).stream()
                .filter(e -> e.decision().rulePackage().equals("campaigns")).count());

        assertEquals(CampaignStatus.DONE, f.campaigns.launch(third.id(), "analyst").status());
        f.dispatch();
        assertEquals("nothing more left", 4, f.delivered.size());
        CampaignFigures.Line total = f.campaigns.figures(third.id()).total();
        assertEquals(Map.of(WEEK_CAP, 2L, COMPLAINT, 1L), total.heldBack());
        assertEquals(0, total.sent());
        List<LedgerEntry> why = f.ledger.about(Long.toString(ben), 50);
        assertEquals(1, why.size());
        assertEquals("CAP-001 No more than two marketing messages a week", why.get(0).decision().rule());
        assertEquals(1, why.get(0).decision().release());
        assertTrue(why.get(0).facts(), why.get(0).facts().contains("2 marketing message(s) in 7 days"));

        // A week after the first: one message in the last seven days, and 22:00 in the campaigns' time zone.
        f.clock.advance(Duration.ofDays(5).plusHours(13));
        Campaign night = f.campaigns.define(f.campaign("late-offer", "weekly", 100, "spring-a"), "analyst");
        assertEquals("a deferred message is not held back", Map.of(COMPLAINT, 1L), f.campaigns.preview(night.id())
                .heldBack());
        assertEquals(CampaignStatus.SENDING, f.campaigns.launch(night.id(), "analyst").status());
        f.dispatch();
        assertEquals("nothing leaves in quiet hours", 4, f.delivered.size());
        assertEquals(2, f.campaigns.figures(night.id()).total().pending());
        assertEquals("campaigns.defer", f.ledger.about(Long.toString(ann), 1).get(0).decision().type());

        f.sending.kick("test");
        f.dispatch();
        assertEquals("not due before the morning", 4, f.delivered.size());
        f.clock.advance(Duration.ofHours(10));
        f.sending.kick("test");
        f.dispatch();
        assertEquals("both leave at 08:00", 6, f.delivered.size());
        CampaignFigures.Line sent = f.campaigns.figures(night.id()).total();
        assertEquals(2, sent.sent());
        assertEquals(Map.of(COMPLAINT, 1L), sent.heldBack());
        assertEquals(CampaignStatus.DONE, f.campaigns.find(night.id()).orElseThrow().status());
    }

    @Test
    public void quietHoursAreTheContactsLocalTimeWhereTheyHaveATimeZone() {
        ContactValidationException badZone = assertThrows(ContactValidationException.class, () -> f.contacts.create(
                new NewContact("zed@example.com", "Zed", "Test").withTimeZone("Mars/Olympus")));
        assertEquals(Set.of("timeZone"), badZone.fieldErrors().keySet());
        long ann = f.customer("ann", "early", ConsentState.GRANTED, null);
        long ned = f.contacts.create(new NewContact("ned@example.com", "Ned", "Test", null, "en", null, Set.of("early"))
                .withTimeZone("America/New_York")).id();
        f.grant(ned, "marketing", ConsentState.GRANTED, null);
        assertEquals("America/New_York", f.contacts.find(ned).orElseThrow().timeZone());
        f.segments.define("early", "early birds", "tag:early", "analyst");

        // 09:00 UTC: 09:00 for Ann (the campaigns' zone, UTC), 04:00 in New York for Ned.
        Campaign c = sendNow("morning", "early");
        assertEquals(CampaignStatus.SENDING, f.campaigns.find(c.id()).orElseThrow().status());
        assertEquals(List.of(ann), f.delivered.stream().map(OutgoingMessage::contactId).toList());
        LedgerEntry deferred = f.ledger.about(Long.toString(ned), 1).get(0);
        assertEquals("campaigns.defer", deferred.decision().type());
        assertTrue(deferred.facts(), deferred.facts().contains("local time 04:00"));

        f.clock.advance(Duration.ofHours(3).plusMinutes(59));
        f.sending.kick("test");
        f.dispatch();
        assertEquals("not before 08:00 in New York", 1, f.delivered.size());
        f.clock.advance(Duration.ofMinutes(1));
        f.sending.kick("test");
        f.dispatch();
        assertEquals(List.of(ann, ned), f.delivered.stream().map(OutgoingMessage::contactId).toList());
        assertEquals(CampaignStatus.DONE, f.campaigns.find(c.id()).orElseThrow().status());
    }

    @Test
    public void trackingOnlyForTheConsentingClicksLeadOnlyToTheTemplatesUrlsAndConversionsCountInTheWindow() {
        f.messages.saveTemplate(new Template("tracked", "en", "Spring", "Hello {{firstName}}\n{{var.trackingPixel|}}"
                + "Shop: {{var.shop|https://shop.example/spring}}\nUnsubscribe: {{var.unsubscribeUrl}}\n", null,
                "<p>Hello {{firstName}}</p>\n<p><a href=\"{{var.shop|https://shop.example/spring}}\">Shop</a></p>\n"
                + "<p><a href=\"{{var.unsubscribeUrl}}\">Unsubscribe</a></p>{{var.trackingPixel|}}"));
        long eve = f.customer("eve", "tracked", ConsentState.GRANTED, null);
        f.grant(eve, "tracking", ConsentState.GRANTED, Channel.EMAIL);
        long fay = f.customer("fay", "tracked", ConsentState.GRANTED, null);
        long gil = f.customer("gil", "tracked", ConsentState.GRANTED, null);
        f.grant(gil, "tracking", ConsentState.GRANTED, null);
        f.segments.define("tracked", "tracked buyers", "tag:tracked", "analyst");
        Campaign c = f.campaigns.define(f.campaign("tracked-sale", "tracked", 100, "tracked"), "analyst");
        f.campaigns.launch(c.id(), "analyst");
        f.dispatch();

        OutgoingMessage toEve = f.delivered.stream().filter(m -> m.contactId() == eve).findFirst().orElseThrow();
        OutgoingMessage toFay = f.delivered.stream().filter(m -> m.contactId() == fay).findFirst().orElseThrow();
        assertFalse("no tracking without consent: " + toFay.body(), toFay.body().contains("/track/"));
        assertFalse("no pixel nor tracked link without consent: " + toFay.html(), toFay.html().contains("/track/")
                || toFay.html().contains("<img"));
        assertTrue(toFay.body(), toFay.body().contains("Shop: https://shop.example/spring\n"));
        assertTrue(toFay.html(), toFay.html().contains("<a href=\"https://shop.example/spring\">Shop</a>"));
        assertTrue(toFay.html(), toFay.html().contains("<a href=\"https://crm.shop.example/api/v1/unsubscribe/"));
        Matcher open = OPEN.matcher(toEve.html());
        Matcher click = CLICK.matcher(toEve.body());
        Matcher href = CLICK_HREF.matcher(toEve.html());
        assertTrue(toEve.html(), open.find() && href.find());
        assertTrue(toEve.html(), toEve.html().endsWith("<img src=\"https://crm.shop.example/api/v1/track/open/"
                + open.group(1) + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;"
                + "height:1px\">"));
        assertTrue(toEve.body(), click.find());
        assertEquals("the same signed redirect in the text and in the HTML", click.group(1), href.group(1));
        assertFalse("the pixel is an image of the HTML body only: " + toEve.body(), toEve.body().contains("/track/open"));
        assertFalse(toEve.body(), toEve.body().contains("shop.example/spring"));
        assertFalse(toEve.html(), toEve.html().contains("shop.example/spring"));

        String clickToken = click.group(1);
        assertEquals(Optional.of("https://shop.example/spring"), f.campaigns.click(clickToken));
        assertTrue(f.campaigns.open(open.group(1)));
        assertTrue("a second open counts once", f.campaigns.open(open.group(1)));
        int sig = clickToken.indexOf('-') + 1;
        assertEquals("another link name", Optional.empty(), f.campaigns.click(clickToken.substring(0, sig + 44) + "evil"));
        assertEquals("an open token is no click", Optional.empty(), f.campaigns.click(open.group(1) + "-shop"));
        assertFalse("a click token is no open", f.campaigns.open(clickToken));
        assertEquals("an open token does not unsubscribe", UnsubscribeOutcome.INVALID,
                f.campaigns.unsubscribe(open.group(1)));

        OutgoingMessage toGil = f.delivered.stream().filter(m -> m.contactId() == gil).findFirst().orElseThrow();
        Matcher gilsClick = CLICK.matcher(toGil.body());
        assertTrue(toGil.body(), gilsClick.find());
        f.grant(gil, "tracking", ConsentState.WITHDRAWN, null);
        assertEquals("a link still leads where it says", Optional.of("https://shop.example/spring"),
                f.campaigns.click(gilsClick.group(1)));
        CampaignFigures.Line total = f.campaigns.figures(c.id()).total();
        assertEquals("tracking withdrawn since: nothing recorded", 1, total.opened());
        assertEquals(1, total.clicked());

        f.messages.saveTemplate(new Template("tracked", "en", "Spring", "{{var.trackingPixel|}}\nShop: "
                + "{{var.shop|https://evil.example/}}\nUnsubscribe: {{var.unsubscribeUrl}}\n", null));
        assertEquals("the signed URL is no longer the template's: no redirect at all", Optional.empty(),
                f.campaigns.click(clickToken));

        Instant sentAt = f.clock.instant();
        purchase(eve, sentAt.plus(Duration.ofDays(3)), "120.50");
        purchase(fay, sentAt.plus(Duration.ofDays(8)), "99.00");
        purchase(fay, sentAt.minus(Duration.ofHours(1)), "10.00");
        purchase(gil, sentAt.plus(Duration.ofDays(7)), "5.25");
        CampaignFigures figures = f.campaigns.figures(c.id());
        assertEquals("a purchase within 7 days of the message converts; before or after does not", 2,
                figures.total().converted());
        assertEquals(new BigDecimal("125.75"), figures.total().revenue());
        assertEquals(new BigDecimal("125.75"), figures.variants().get(0).revenue());

        interaction(fay, "call", sentAt.plus(Duration.ofDays(1)), null);
        assertEquals("a call converts nothing", 2, f.campaigns.figures(c.id()).total().converted());
        interaction(fay, "offer-accepted", sentAt.plus(Duration.ofDays(2)), null);
        assertEquals("an offer accepted within 7 days converts, with no revenue", 3,
                f.campaigns.figures(c.id()).total().converted());
        assertEquals(new BigDecimal("125.75"), f.campaigns.figures(c.id()).total().revenue());

        // A page from Event Admin, counted in one transaction; one that cannot be counted (no time)
        // makes the page count one by one: the others once each, it not at all.
        new Conversions(f.unit, Duration.ofDays(7)).convertAll(List.of(
                new Conversions.Converting(eve, sentAt.plus(Duration.ofDays(4)), new BigDecimal("10.00"), null),
                new Conversions.Converting(fay, null, new BigDecimal("500.00"), null),
                new Conversions.Converting(fay, sentAt.plus(Duration.ofDays(2)), new BigDecimal("1.00"), null)));
        assertEquals(3, f.campaigns.figures(c.id()).total().converted());
        assertEquals(new BigDecimal("136.75"), f.campaigns.figures(c.id()).total().revenue());
    }

    /** A purchase as loyalty books it: on the buyer's timeline, announced as contacts announces every interaction. */
    private void purchase(long contactId, Instant at, String amount) {
        interaction(contactId, "purchase", at, amount);
    }

    /** An interaction of {@code type} on the contact's timeline, announced as contacts announces every one. */
    private void interaction(long contactId, String type, Instant at, String amount) {
        Map<String, Object> event = new HashMap<>();
        event.put(InteractionEvents.CONTACT_ID, contactId);
        event.put(InteractionEvents.TYPE, type);
        event.put(InteractionEvents.OCCURRED_AT, at.toString());
        if (amount != null) {
            event.put(InteractionEvents.PAYLOAD_PREFIX + "amount", amount);
        }
        new Conversions(f.unit, Duration.ofDays(7)).handleEvent(new Event(InteractionEvents.RECORDED, event));
    }
}

package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.Variant;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseLine;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.loyalty.impl.LoyaltyServiceImpl;
import org.rapport.offers.api.Acceptance;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferKind;
import org.rapport.offers.facts.OfferDecisions;
import org.rapport.offers.impl.OfferFactModel;
import org.rapport.offers.impl.OfferServiceImpl;
import org.rapport.offers.impl.Offers;
import org.rapport.privacy.api.ConsentState;
import org.rapport.rules.api.FactModel;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Best-offer variants on the real components of {@link CampaignsFixture} with the offers capability
 * (loyalty with purchase lines, the shipped {@code rules/loyalty} and {@code rules/offers}): the offer
 * decided per recipient as the message leaves, in the ledger, the fallback or a hold for those
 * without one, the accept link recording the acceptance, counted and converting.
 */
@Category(UsesDatabase.class)
public class BestOfferTest {

    private static final Pattern ACCEPT = Pattern.compile(
            "https://crm\\.shop\\.example/api/v1/accept/([0-9]+-[A-Za-z0-9_-]{43})");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-campaigns", "rapport-contacts", "rapport-segments",
            "rapport-communication", "rapport-privacy", "rapport-rules", "rapport-loyalty", "rapport-offers");

    private CampaignsFixture f;
    private LoyaltyServiceImpl loyalty;
    private OfferServiceImpl offers;
    private int purchases;

    @Before
    public void setUp() {
        f = new CampaignsFixture(db);
        f.engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        f.engine.addFactModel(new OfferFactModel(), Map.of(FactModel.RULE_PACKAGE, OfferDecisions.RULE_PACKAGE));
        f.engine.deploy("loyalty", CampaignsFixture.shippedRules(Paths.get("../../../rules/loyalty")), "rules/loyalty",
                "tester");
        f.engine.deploy("offers", CampaignsFixture.shippedRules(Paths.get("../../../rules/offers")), "rules/offers",
                "tester");
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), f.engine, f.ledger, f.contacts, f.clock, "EUR", 24);
        offers = Offers.create(db.emf("rapport-offers"), f.contacts, f.interactions, loyalty, f.segments, f.consent,
                f.engine, f.ledger, f.clock);
        f.sending.offers = offers;
        offers.define(new Offer("COFFEE-GRINDER", "The coffee grinder", "Fresh <ground> beans", OfferKind.CROSS_SELL,
                null, null, true), "analyst");
        f.messages.saveTemplate(new Template("with-offer", "en", "For you: {{offer.name}}", "Hello {{firstName}}\n"
                + "{{offer.name}} ({{offer.kind}}): {{offer.description}}\nAccept: {{offer.acceptUrl}}\n"
                + "Unsubscribe: {{var.unsubscribeUrl}}\n", null));
    }

    @After
    public void tearDown() {
        f.close();
    }

    private void buy(long contact, String category) {
        loyalty.recordPurchase(new PurchaseEvent(contact, "P-" + ++purchases, new BigDecimal("20.00"), "EUR", "web", null,
                null, List.of(new PurchaseLine("SKU-" + category, category, 1, new BigDecimal("20.00")))), "till");
    }

    private NewCampaign campaign(String name, Variant... variants) {
        return new NewCampaign(name, "coffee", "marketing", "email", List.of(variants), null, 100);
    }

    private OutgoingMessage to(long contactId) {
        return f.delivered.stream().filter(m -> m.contactId() == contactId).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    public void eachRecipientGetsTheirBestOfferOrTheFallbackAndAcceptingConvertsTheMessage() {
        long ann = f.customer("ann", "coffee", ConsentState.GRANTED, null);
        long ben = f.customer("ben", "coffee", ConsentState.GRANTED, null);
        long cat = f.customer("cat", "coffee", ConsentState.GRANTED, null);
        buy(ann, "espresso");
        buy(cat, "espresso");
        f.segments.define("coffee", "coffee people", "tag:coffee", "analyst");

        ContactValidationException bad = null;
        try {
            f.campaigns.define(campaign("bad", new Variant("with-offer", 50), new Variant("spring-a", 50, false,
                    "spring-b"), new Variant("spring-b", 10, true, "with-offer")), "analyst");
        } catch (ContactValidationException e) {
            bad = e;
        }
        assertEquals(List.of("variants[0].template", "variants[1].fallback", "variants[2].fallback"),
                List.copyOf(bad.fieldErrors().keySet()));
        assertTrue(bad.fieldErrors().get("variants[0].template").contains("shows {{offer.…}}"));
        assertTrue(f.campaigns.find("bad").isEmpty());

        Campaign c = f.campaigns.define(new NewCampaign("grinders", "coffee", "marketing", "email", List.of(
                new Variant("WITH-OFFER", 100, true, "spring-a")), f.clock.instant().plusSeconds(3600), 100), "analyst");
        assertEquals(List.of(new Variant("with-offer", 100, true, "spring-a")), c.variants());
        CampaignPreview preview = f.campaigns.preview(c.id());
        assertEquals(3, preview.reachable());
        assertEquals("Ann and Cat bought espresso: the grinder", 2, preview.offered());
        assertEquals("Ben: the fallback", 1, preview.fallback());
        assertTrue("a preview records no decision", f.ledger.about(Long.toString(ann), 20).stream()
                .noneMatch(e -> e.decision().type().equals(OfferDecisions.OFFER)));
        f.campaigns.launch(c.id(), "analyst");
        // Offers are decided as the messages leave: Cat objects to profiling after the launch, before the start.
        f.grant(cat, "profiling", ConsentState.WITHDRAWN, null);
        f.clock.advance(java.time.Duration.ofHours(2));
        f.sending.kick("test");
        f.dispatch();
        assertEquals(3, f.delivered.size());

        OutgoingMessage toAnn = to(ann);
        assertEquals("For you: The coffee grinder", toAnn.subject());
        assertTrue(toAnn.body(), toAnn.body().contains("The coffee grinder (cross-sell): Fresh <ground> beans"));
        assertEquals("without an offer, the fallback", "Spring spring-a", to(ben).subject());
        assertEquals("who objected to profiling is not profiled: the fallback", "Spring spring-a", to(cat).subject());
        assertEquals("the gate recorded the block", 1, f.consent.blocks(cat, 5).size());
        assertTrue("the offer decided for Ann is in the ledger", f.ledger.about(Long.toString(ann), 20).stream()
                .anyMatch(e -> e.decision().type().equals(OfferDecisions.OFFER)
                        && "COFFEE-GRINDER".equals(e.decision().attribute(OfferDecisions.CODE))));
        CampaignFigures.Line shown = f.campaigns.figures(c.id()).total();
        assertEquals(3, shown.sent());
        assertEquals(1, shown.offered());
        assertEquals(0, shown.offersAccepted());

        Matcher link = ACCEPT.matcher(toAnn.body());
        assertTrue(toAnn.body(), link.find());
        String token = link.group(1);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertEquals(Optional.empty(), f.campaigns.acceptOffer(forged));
        assertEquals(List.of(), offers.acceptances(ann));

        assertEquals(Optional.of("COFFEE-GRINDER"), f.campaigns.acceptOffer(token));
        assertEquals("followed again, nothing more", Optional.of("COFFEE-GRINDER"), f.campaigns.acceptOffer(token));
        List<Acceptance> accepted = offers.acceptances(ann);
        assertEquals(1, accepted.size());
        assertEquals("accept link of campaign grinders", accepted.get(0).acceptedBy());
        // The acceptance as contacts announces it from the timeline: a conversion of Ann's message.
        Map<String, Object> event = new HashMap<>();
        event.put(InteractionEvents.CONTACT_ID, ann);
        event.put(InteractionEvents.TYPE, OfferServiceImpl.ACCEPTED);
        event.put(InteractionEvents.OCCURRED_AT, accepted.get(0).acceptedAt().toString());
        event.put(InteractionEvents.PAYLOAD_PREFIX + "offer", "COFFEE-GRINDER");
        new Conversions(f.unit, java.time.Duration.ofDays(7)).handleEvent(new Event(InteractionEvents.RECORDED, event));
        CampaignFigures.Line after = f.campaigns.figures(c.id()).total();
        assertEquals(1, after.offersAccepted());
        assertEquals(1, after.converted());
        assertEquals(BigDecimal.ZERO.setScale(2), after.revenue());
        Map<?, ?> place = (Map<?, ?>) ((List<?>) f.erasure.export(ann).get("recipients")).get(0);
        assertEquals("COFFEE-GRINDER", place.get("offer"));
        assertEquals(accepted.get(0).acceptedAt().toString(), place.get("offerAcceptedAt"));

        // Without a fallback, who has no offer (Ann accepted hers: it is not offered again) is held back.
        Campaign strict = f.campaigns.define(campaign("strict", new Variant("with-offer", 100, true, null)), "analyst");
        int blocks = f.consent.blocks(cat, 5).size();
        CampaignPreview none = f.campaigns.preview(strict.id());
        assertEquals(Map.of(CampaignService.NO_OFFER, 3L), none.heldBack());
        assertEquals(0, none.reachable());
        assertEquals(0, none.offered());
        assertEquals(0, none.fallback());
        assertEquals("a preview records no block", blocks, f.consent.blocks(cat, 5).size());
        f.campaigns.launch(strict.id(), "analyst");
        f.dispatch();
        assertEquals("nothing more sent", 3, f.delivered.size());
        CampaignFigures.Line held = f.campaigns.figures(strict.id()).total();
        assertEquals(Map.of(CampaignService.NO_OFFER, 3L), held.heldBack());
        assertEquals(0, held.offered());
        assertEquals(null, f.campaigns.find(strict.id()).orElseThrow().variants().get(0).fallback());
    }
}

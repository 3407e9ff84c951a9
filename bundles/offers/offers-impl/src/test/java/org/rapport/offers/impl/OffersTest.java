package org.rapport.offers.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.persistence.EntityManagerFactory;
import javax.ws.rs.core.SecurityContext;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseLine;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.loyalty.impl.LoyaltyServiceImpl;
import org.rapport.offers.api.Acceptance;
import org.rapport.offers.api.ContactOffers;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferKind;
import org.rapport.offers.api.OfferProposal;
import org.rapport.offers.api.OfferSource;
import org.rapport.offers.api.RankedOffer;
import org.rapport.offers.facts.OfferDecisions;
import org.rapport.offers.facts.OfferProfile;
import org.rapport.offers.impl.rest.ContactOffersResource;
import org.rapport.guard.PluginGuards;
import org.rapport.guard.PluginState;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rest.ApiException;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.rules.api.Shadow;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.segments.impl.SegmentServiceImpl;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Offers on real components: contacts, purchases with lines, segments and consent on Derby (profiling
 * on legitimate interests, as shipped), the shipped {@code rules/loyalty} and {@code rules/offers}, the
 * decision ledger.
 */
@Category(UsesDatabase.class)
public class OffersTest {

    private static final Path RULES = Paths.get("../../../rules");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-offers", "rapport-loyalty", "rapport-contacts",
            "rapport-rules", "rapport-segments", "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T10:00:00Z"));
    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private ConsentServiceImpl consents;
    private LoyaltyServiceImpl loyalty;
    private JpaDecisionLedger ledger;
    private DroolsRulesEngine engine;
    private SegmentServiceImpl segments;
    private OfferServiceImpl offers;
    private int events;

    @Before
    public void setUp() {
        EntityManagerFactory contactsUnit = db.emf("rapport-contacts");
        contacts = new ContactServiceImpl(contactsUnit, new ContactPropertiesImpl(contactsUnit, clock), clock);
        interactions = new InteractionServiceImpl(contactsUnit, clock);
        consents = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "profiling"),
                Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS));
        segments = new SegmentServiceImpl(db.emf("rapport-segments"), contacts, contacts, interactions,
                clock, 365, "", consents, ConsentGate.PROFILING);
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        engine.addFactModel(new OfferFactModel(), Map.of(FactModel.RULE_PACKAGE, OfferDecisions.RULE_PACKAGE));
        engine.deploy("loyalty", shipped("loyalty"), "rules/loyalty", "tester");
        engine.deploy("offers", shipped("offers"), "rules/offers", "tester");
        ledger = new JpaDecisionLedger(db.emf("rapport-rules"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, ledger, contacts, clock, "EUR", 24);
        offers = new OfferServiceImpl(db.emf("rapport-offers"), contacts, interactions, new OfferDecider(
                db.emf("rapport-offers"), engine, ledger, loyalty, segments, consents, "profiling"), clock);
        LocalDate today = LocalDate.of(2026, 3, 10);
        offers.define(new Offer("espresso-machine", "The espresso machine", "Barista quality at home", OfferKind.UPSELL,
                today.minusDays(1), null, true), "analyst1");
        offers.define(new Offer("COFFEE-GRINDER", "The coffee grinder", null, OfferKind.CROSS_SELL, null, null, true),
                "analyst1");
        offers.define(new Offer("BEANS-SUBSCRIPTION", "Beans every month", null, OfferKind.CROSS_SELL, null,
                today.minusDays(1), true), "analyst1");
    }

    private static Map<String, String> shipped(String rulePackage) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(RULES.resolve(rulePackage))) {
            for (Path file : entries.filter(f -> !f.toString().endsWith(".md")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private void buy(long contact, String category, String sku, String price) {
        loyalty.recordPurchase(new PurchaseEvent(contact, "E-" + ++events, new BigDecimal(price), "EUR", "web", null, null,
                List.of(new PurchaseLine(sku, category, 1, new BigDecimal(price)))), "till");
    }

    @Test
    public void theRulesDecideOffersFromWhatWasBoughtWithTheirRuleInTheLedgerAndAcceptingOneIsRecorded() {
        long ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        assertEquals("nothing bought, nothing offered", List.of(), offers.offersFor(ada, "agent1").offers());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> offers.offersFor(ada + 1,
                "agent1"));
        assertEquals("contactId: no contact with id " + (ada + 1), unknown.getMessage());
        buy(ada, "Coffee", "BEANS-1", "12.00");
        buy(ada, "coffee", "BEANS-2", "14.00");
        buy(ada, "coffee", "BEANS-1", "12.00");

        ContactOffers decided = offers.offersFor(ada, "agent1");
        assertTrue(decided.personalised());
        RankedOffer machine = decided.offers().get(0);
        assertEquals("the subscription ran out yesterday; the grinder is for espresso buyers", 1, decided.offers().size());
        assertEquals("ESPRESSO-MACHINE", machine.code());
        assertEquals(2, machine.rank());
        assertEquals(OfferKind.UPSELL, machine.kind());
        assertEquals("OFF-002 Coffee buyers without an espresso machine are offered one", machine.rule());
        assertEquals("offers v1", machine.release());
        List<LedgerEntry> why = ledger.about(Long.toString(ada), 20).stream()
                .filter(e -> e.decision().type().equals(OfferDecisions.OFFER)).toList();
        assertEquals("the subscription was decided too, but not offered: only the offer served is recorded", 1, why.size());
        assertEquals("ESPRESSO-MACHINE", why.get(0).decision().attribute(OfferDecisions.CODE));
        assertEquals(machine.rule(), why.get(0).decision().rule());
        assertTrue(why.get(0).facts(), why.get(0).facts().contains("categories [coffee]"));
        offers.offersFor(ada, "shop");
        assertEquals("the same offers again add nothing to the ledger", 1, ledger.about(Long.toString(ada), 20).stream()
                .filter(e -> e.decision().type().equals(OfferDecisions.OFFER)).count());

        buy(ada, "Espresso", "ESP-1", "249.00");
        List<RankedOffer> now = offers.offersFor(ada, "agent1").offers();
        assertEquals(List.of("COFFEE-GRINDER"), now.stream().map(RankedOffer::code).toList());
        IllegalStateException notOffered = assertThrows(IllegalStateException.class, () -> offers.accept(ada,
                "espresso-machine", "agent1"));
        assertTrue(notOffered.getMessage(), notOffered.getMessage().contains("not one of contact " + ada + "'s offers"));

        clock.advance(Duration.ofMinutes(5));
        Acceptance accepted = offers.accept(ada, "coffee-grinder", "agent1");
        assertFalse(accepted.replayed());
        assertEquals("OFF-001 Espresso buyers without a grinder are offered the coffee grinder", accepted.rule());
        assertNotNull(accepted.interactionId());
        assertEquals(OfferServiceImpl.ACCEPTED, interactions.timeline(ada, Set.of(), 0, 1).get(0).type());
        Acceptance again = offers.accept(ada, "COFFEE-GRINDER", "agent2");
        assertTrue(again.replayed());
        assertEquals(accepted.id(), again.id());
        assertEquals("an accepted offer is not offered again", List.of(), offers.offersFor(ada, "agent1").offers());

        OfferErasure erasure = new OfferErasure(db.emf("rapport-offers"), offers);
        assertEquals(1, ((List<?>) erasure.export(ada).get("acceptances")).size());
        assertEquals("1 acceptance(s) of offers deleted", erasure.erase(ada));
        assertEquals(List.of(), offers.acceptances(ada));
    }

    @Test
    public void anOfferAnAnalystChangesIsServedAsChangedAtOnce() {
        long ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        buy(ada, "coffee", "BEANS-1", "12.00");
        assertEquals(List.of("The espresso machine"), titles(ada));

        offers.define(new Offer("ESPRESSO-MACHINE", "The espresso machine, 20% off", null, OfferKind.UPSELL, null, null,
                true), "analyst2");
        assertEquals(List.of("The espresso machine, 20% off"), titles(ada));
        offers.define(new Offer("ESPRESSO-MACHINE", "The espresso machine, 20% off", null, OfferKind.UPSELL, null, null,
                false), "analyst2");
        assertEquals("withdrawn", List.of(), titles(ada));
        offers.define(new Offer("ESPRESSO-MACHINE", "The espresso machine", null, OfferKind.UPSELL, null, null, true),
                "analyst2");
        assertEquals(List.of("The espresso machine"), titles(ada));
        assertEquals("each change of what was served is in the ledger: offered, withdrawn (nothing), offered", 2,
                ledger.about(Long.toString(ada), 20).stream().filter(e -> e.decision().type().equals(OfferDecisions.OFFER))
                        .count());
    }

    private List<String> titles(long contactId) {
        return offers.offersFor(contactId, "shop").offers().stream().map(RankedOffer::title).toList();
    }

    @Test
    public void aChangeToTheOffersRulesIsPreviewedOverEveryCustomerButThoseWhoObjected() {
        long ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        long bob = contacts.create(new NewContact("bob@example.com", "Bob", "Babbage")).id();
        long eve = contacts.create(new NewContact("eve@example.com", "Eve", "Objector")).id();
        contacts.create(new NewContact("nil@example.com", "Nil", "Nothing"));
        buy(ada, "coffee", "BEANS-1", "12.00");
        buy(bob, "coffee", "BEANS-1", "12.00");
        buy(eve, "coffee", "BEANS-1", "12.00");
        consents.record(new ConsentChange(eve, "profiling", null, ConsentState.WITHDRAWN, null, "letter", null, null),
                "agent1");
        OfferFactSource source = new OfferFactSource(contacts, loyalty, segments, consents, "profiling");
        List<String> seen = new ArrayList<>();
        Map<String, Integer> leftOut = new HashMap<>();
        source.forEachBatch(2, batch -> batch.forEach(f -> seen.add(String.valueOf(((OfferProfile) f).getSubject()))),
                (reason, n) -> leftOut.merge(reason, n, Integer::sum));
        String reason = "blocked by the consent gate for purpose 'profiling'";
        assertEquals(List.of(Long.toString(ada), Long.toString(bob), seen.get(2)), seen);
        assertEquals(Map.of(reason, 1), leftOut);
        assertEquals(OfferFactSource.ACTION, consents.blocks(eve, 1).get(0).action());

        // The espresso machine offered to coffee buyers from their first purchase on, ranked first: 2 of 3 seen change.
        engine.addFactSource(source, Map.of(FactModel.RULE_PACKAGE, OfferDecisions.RULE_PACKAGE));
        Map<String, String> files = shipped("offers");
        files.put("offers.drl", files.get("offers.drl").replace("\"ESPRESSO-MACHINE\").with(OfferDecisions.RANK, 2)",
                "\"ESPRESSO-MACHINE\").with(OfferDecisions.RANK, 1)"));
        files.put("offers.scenarios.yaml", files.get("offers.scenarios.yaml").replace("offer: ESPRESSO-MACHINE, rank: 2",
                "offer: ESPRESSO-MACHINE, rank: 1"));
        Impact impact = engine.preview(OfferDecisions.RULE_PACKAGE, files);
        assertEquals("Ada's, Bob's and Nil's profiles", 3, impact.facts());
        assertEquals(Map.of(reason, 1L), impact.leftOut());
        assertEquals(impact.changes().toString(), 2L, impact.changed());
        assertTrue(impact.changes().toString(), impact.changes().keySet().iterator().next().contains("rank=1"));

        // The same candidate as a shadow: beside each customer's offers as they are served, never applied.
        engine.startShadow(OfferDecisions.RULE_PACKAGE, files, "rules/offers-candidate");
        assertEquals(2, offers.offersFor(ada, "shop").offers().get(0).rank());
        Shadow shadow = engine.shadow(OfferDecisions.RULE_PACKAGE).orElseThrow();
        assertEquals(1, shadow.evaluations());
        assertEquals(1L, shadow.differences().changed());
    }

    @Test
    public void pluginsProposeOffersTheRulesRankAndAFailingSourceIsSuspendedWithoutBreakingOffers() {
        List<org.osgi.service.event.Event> audited = new ArrayList<>();
        OfferSources sources = new OfferSources(Duration.ofSeconds(5), 2, clock, audited::add);
        OfferServiceImpl withSources = new OfferServiceImpl(db.emf("rapport-offers"), contacts, interactions,
                new OfferDecider(db.emf("rapport-offers"), engine, ledger, loyalty, segments, consents, "profiling",
                        sources), clock);
        offers.define(new Offer("TRAVEL-INSURANCE", "Travel insurance", "From our partner", OfferKind.CROSS_SELL, null,
                null, true), "analyst1");
        List<Long> asked = new ArrayList<>();
        sources.addSource(profile -> {
            asked.add(profile.getContactId());
            return List.of(new OfferProposal("travel-insurance", 80), new OfferProposal("PET-INSURANCE", 20),
                    new OfferProposal("bad code!", 90), new OfferProposal("BEANS-SUBSCRIPTION", 300));
        }, Map.of(OfferSource.NAME, "partner-insurance"));
        sources.addSource(profile -> {
            throw new IllegalStateException("partner API down");
        }, Map.of(OfferSource.NAME, "broken"));

        long ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        buy(ada, "coffee", "BEANS-1", "12.00");
        List<RankedOffer> first = withSources.offersFor(ada, "shop").offers();
        assertEquals(List.of("ESPRESSO-MACHINE", "TRAVEL-INSURANCE"), first.stream().map(RankedOffer::code).toList());
        assertEquals(4, first.get(1).rank());
        assertEquals("OFF-006 An offer a partner's source proposes with a score of 50 or more is offered after the "
                + "shipped ones", first.get(1).rule());
        LedgerEntry why = ledger.about(Long.toString(ada), 5).get(0);
        assertTrue(why.facts(), why.facts().contains("OfferCandidate[contact " + ada + ", offer TRAVEL-INSURANCE from "
                + "partner-insurance, score 80]"));

        withSources.offersFor(ada, "shop");
        PluginState broken = PluginGuards.state(OfferSources.KIND, "broken").orElseThrow();
        assertNotNull("suspended after two faults in a row", broken.suspendedAt());
        assertTrue(broken.lastFault(), broken.lastFault().contains("partner API down"));
        assertEquals(1, audited.stream().filter(e -> "offer-source.suspended".equals(e.getProperty(AuditEvents.ACTION))).count());
        assertEquals(2, PluginGuards.state(OfferSources.KIND, "partner-insurance").orElseThrow().answered());
        assertEquals("the suspended source's failures broke nothing", 2, withSources.offersFor(ada, "shop").offers()
                .size());
        assertEquals(List.of(ada, ada, ada), asked);

        long eve = contacts.create(new NewContact("eve@example.com", "Eve", "Objector")).id();
        consents.record(new ConsentChange(eve, "profiling", null, ConsentState.WITHDRAWN, null, "letter", null, null),
                "agent1");
        assertEquals(List.of(), withSources.offersFor(eve, "shop").offers());
        assertEquals("no source hears of a customer who objected to profiling", 3, asked.size());

        // A preview of the offers rules sees the sources' proposals beside the profiles, and Eve's neither.
        List<String> previewed = new ArrayList<>();
        new OfferFactSource(contacts, loyalty, segments, consents, "profiling", sources).forEachBatch(10,
                batch -> batch.forEach(f -> previewed.add(f.toString())), (reason, n) -> { });
        assertTrue(previewed.toString(), previewed.contains("OfferCandidate[contact " + ada + ", offer TRAVEL-INSURANCE "
                + "from partner-insurance, score 80]"));
        assertEquals(List.of(ada, ada, ada, ada), asked);
        sources.close();
        assertTrue(PluginGuards.state(OfferSources.KIND, "broken").isEmpty());
    }

    @Test
    public void anObjectorGetsNoPersonalisedOffersTheBlockIsRecordedAndTheTierDecidesForOthers() {
        long grace = contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
        buy(grace, "coffee", "BEANS-1", "12.00");
        consents.record(new ConsentChange(grace, "profiling", null, ConsentState.WITHDRAWN, null, "letter", null, null),
                "agent1");

        ContactOffers none = offers.offersFor(grace, "shop-key");
        assertFalse(none.personalised());
        assertEquals(List.of(), none.offers());
        assertTrue(none.reason(), none.reason().contains("'profiling'"));
        ConsentBlock block = consents.blocks(grace, 1).get(0);
        assertEquals(OfferDecider.ACTION, block.action());
        assertEquals("shop-key", block.requester());
        assertTrue("no rule saw her", ledger.about(Long.toString(grace), 20).stream()
                .noneMatch(e -> e.decision().type().equals(OfferDecisions.OFFER)));
        assertThrows(IllegalStateException.class, () -> offers.accept(grace, "ESPRESSO-MACHINE", "agent1"));

        // A Gold member (tiers by the shipped loyalty rules) who spent 500 or more gets the course, nothing for the books.
        offers.define(new Offer("BARISTA-COURSE", "A barista course", null, OfferKind.UPSELL, null, null, true), "analyst1");
        long linus = contacts.create(new NewContact("linus@example.com", "Linus", "Pauling")).id();
        buy(linus, "books", "BOOK-1", "5200.00");
        assertEquals("Gold", loyalty.member(linus).orElseThrow().tier());
        List<RankedOffer> gold = offers.offersFor(linus, "agent1").offers();
        assertEquals(List.of("BARISTA-COURSE"), gold.stream().map(RankedOffer::code).toList());
        assertEquals("OFF-004 Gold and Platinum members spending 500 or more are offered the barista course",
                gold.get(0).rule());

        IllegalArgumentException badCode = assertThrows(IllegalArgumentException.class, () -> offers.define(new Offer(
                "no spaces", "x", null, OfferKind.UPSELL, null, null, true), "analyst1"));
        assertTrue(badCode.getMessage(), badCode.getMessage().startsWith("code must be"));
        IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class, () -> offers.define(new Offer(
                "LATE", "Late", null, OfferKind.WIN_BACK, LocalDate.of(2026, 5, 1), LocalDate.of(2026, 4, 1), true),
                "analyst1"));
        assertTrue(backwards.getMessage(), backwards.getMessage().startsWith("validTo"));
        assertEquals(4, offers.list().size());
    }

    @Test
    public void overRestAnUnknownContactIsNotFoundAndOtherRefusalsAreNot() {
        ContactOffersResource resource = new ContactOffersResource(contacts, offers);
        SecurityContext agent = caller("agent1");
        long ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        buy(ada, "coffee", "BEANS-1", "12.00");
        assertEquals(List.of("ESPRESSO-MACHINE"), resource.offers(Long.toString(ada), agent).offers().stream()
                .map(RankedOffer::code).toList());

        String nobody = Long.toString(ada + 1000);
        assertEquals(404, assertThrows(ApiException.class, () -> resource.offers(nobody, agent)).status());
        assertEquals(404, assertThrows(ApiException.class, () -> resource.accept(nobody, "ESPRESSO-MACHINE", agent))
                .status());
        assertEquals(404, assertThrows(ApiException.class, () -> resource.accept(nobody, "NO-SUCH-OFFER", agent)).status());
        ApiException unknownOffer = assertThrows(ApiException.class, () -> resource.accept(Long.toString(ada),
                "NO-SUCH-OFFER", agent));
        assertEquals(400, unknownOffer.status());
        assertEquals("code", unknownOffer.fields().get(0).field());
        assertEquals("the grinder is not hers", 409, assertThrows(ApiException.class, () -> resource.accept(
                Long.toString(ada), "COFFEE-GRINDER", agent)).status());
        assertEquals(400, assertThrows(ApiException.class, () -> resource.offers("42x", agent)).status());
    }

    private static SecurityContext caller(String name) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return SecurityContext.BASIC_AUTH;
            }
        };
    }
}

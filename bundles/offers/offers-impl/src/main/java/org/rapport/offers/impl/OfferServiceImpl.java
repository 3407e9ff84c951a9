package org.rapport.offers.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.offers.api.Acceptance;
import org.rapport.offers.api.ContactOffers;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferService;
import org.rapport.offers.api.RankedOffer;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.segments.api.SegmentService;

/**
 * The offer catalogue in {@code OFFER}, each customer's offers from the {@code offers} rules
 * ({@link OfferDecider}), and acceptances in {@code OFFER_ACCEPTANCE}, each put on the customer's
 * timeline as an interaction of type {@code offer-accepted}.
 */
@Component(service = OfferService.class, configurationPid = OffersConfig.PID)
public class OfferServiceImpl implements OfferService {

    /** The interaction type an acceptance is recorded as on the customer's timeline. */
    public static final String ACCEPTED = "offer-accepted";

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final InteractionService interactions;
    private final OfferDecider decider;
    private final Clock clock;

    @Activate
    public OfferServiceImpl(@Reference(target = "(osgi.unit.name=rapport-offers)") EntityManagerFactory emf,
            @Reference ContactService contacts, @Reference InteractionService interactions,
            @Reference LoyaltyService loyalty, @Reference SegmentService segments, @Reference ConsentGate gate,
            @Reference RulesEngine rules, @Reference DecisionLedger ledger, @Reference OfferSources sources,
            OffersConfig config) {
        this(emf, contacts, interactions, new OfferDecider(emf, rules, ledger, loyalty, segments, gate,
                config.profilingPurpose(), sources), Clock.systemUTC());
    }

    OfferServiceImpl(EntityManagerFactory emf, ContactService contacts, InteractionService interactions,
            OfferDecider decider, Clock clock) {
        this.emf = emf;
        this.contacts = contacts;
        this.interactions = interactions;
        this.decider = decider;
        this.clock = clock;
    }

    @Override
    public Offer define(Offer offer, String actor) {
        Offer checked = OfferInput.check(offer);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Offer defined = Transactions.retrying(emf, 3, em -> {
            OfferEntity entity = em.find(OfferEntity.class, checked.code());
            if (entity == null) {
                entity = new OfferEntity(checked.code());
                entity.set(checked, actor(actor), now);
                em.persist(entity);
            } else {
                entity.set(checked, actor(actor), now);
            }
            return entity.view();
        });
        decider.catalogueChanged();
        return defined;
    }

    @Override
    public Optional<Offer> find(String code) {
        String c = OfferInput.code(code);
        return Optional.ofNullable(Transactions.read(emf, em -> {
            OfferEntity o = em.find(OfferEntity.class, c);
            return o == null ? null : o.view();
        }));
    }

    @Override
    public List<Offer> list() {
        return Transactions.read(emf, em -> em.createQuery("select o from OfferEntity o order by o.code",
                OfferEntity.class).getResultList().stream().map(OfferEntity::view).toList());
    }

    @Override
    public ContactOffers offersFor(long contactId, String requester) {
        existing(contactId);
        return decider.decide(contactId, clock.instant(), actor(requester));
    }

    @Override
    public ContactOffers previewFor(long contactId) {
        existing(contactId);
        return decider.preview(contactId, clock.instant());
    }

    @Override
    public Acceptance accept(long contactId, String code, String actor) {
        String c = OfferInput.code(code);
        Offer offer = find(c).orElseThrow(() -> new IllegalArgumentException("code: no offer " + c + " in the catalogue"));
        Optional<Acceptance> before = acceptance(contactId, c);
        if (before.isPresent()) {
            return before.get();
        }
        ContactOffers now = offersFor(contactId, actor);
        RankedOffer offered = now.offers().stream().filter(o -> o.code().equals(c)).findFirst()
                .orElseThrow(() -> new IllegalStateException("offer " + c + " is not one of contact " + contactId
                        + "'s offers now" + (now.personalised() ? "" : " (" + now.reason() + ")")));
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AcceptanceEntity stored;
        try {
            stored = Transactions.inTransaction(emf, em -> {
                AcceptanceEntity a = new AcceptanceEntity(contactId, c, at, actor(actor), offered.rule(), offered.release());
                em.persist(a);
                return a;
            });
        } catch (RuntimeException raced) {
            // Accepted at the same moment by another request: that one stands.
            return acceptance(contactId, c).orElseThrow(() -> raced);
        }
        Interaction posted = interactions.record(contactId, new NewInteraction(Channel.OTHER.label(), "inbound", ACCEPTED,
                at, "accepted offer " + c + ": " + offer.title(), Map.of("offer", c, "kind", offer.kind().label(),
                        "rule", offered.rule(), "release", offered.release()), "offers.accept:" + stored.id), "offers");
        return Transactions.inTransaction(emf, em -> {
            AcceptanceEntity a = em.find(AcceptanceEntity.class, stored.id);
            a.interactionId = posted.id();
            return a.view(false);
        });
    }

    @Override
    public List<Acceptance> acceptances(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select a from AcceptanceEntity a where a.contactId = :c "
                + "order by a.acceptedAt desc, a.id desc", AcceptanceEntity.class).setParameter("c", contactId)
                .getResultList().stream().map(a -> a.view(false)).toList());
    }

    private Optional<Acceptance> acceptance(long contactId, String code) {
        return Transactions.read(emf, em -> em.createQuery("select a from AcceptanceEntity a where a.contactId = :c "
                + "and a.code = :code", AcceptanceEntity.class).setParameter("c", contactId).setParameter("code", code)
                .getResultList().stream().findFirst().map(a -> a.view(true)));
    }

    private void existing(long contactId) {
        if (!contacts.exists(contactId)) {
            throw new IllegalArgumentException("contactId: no contact with id " + contactId);
        }
    }

    private static String actor(String actor) {
        return actor == null || actor.isBlank() ? "system" : actor.length() > 120 ? actor.substring(0, 120) : actor;
    }
}

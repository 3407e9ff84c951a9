package org.rapport.campaigns.impl;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.Variant;
import org.rapport.offers.api.ContactOffers;
import org.rapport.offers.api.OfferService;
import org.rapport.offers.api.RankedOffer;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.RulesUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's best offer in a best-offer variant: as a recipient's message leaves, the offers
 * capability decides the recipient's offers ({@link OfferService#offersFor}: the consent gate for
 * profiling, the {@code offers} rules, the decision ledger) and the first is shown through the
 * template's {@code {{offer.code}}}, {@code {{offer.name}}}, {@code {{offer.description}}},
 * {@code {{offer.kind}}} and {@code {{offer.acceptUrl}}} (a link signed for the recipient and that
 * offer). A recipient with none gets the variant's fallback template, or is held back with the reason
 * {@value CampaignService#NO_OFFER}. Following the accept link records the acceptance with the offers
 * capability (which puts it on the timeline: a conversion of the message) and counts the recipient's
 * offer as accepted.
 */
final class BestOffers {

    private static final Logger LOG = LoggerFactory.getLogger(BestOffers.class);

    /**
     * What a recipient of a best-offer variant gets: the template with the offer's variables, or a
     * reason to hold the message back.
     *
     * @param offerCode the offer shown, or null for the fallback or a hold
     */
    record Choice(String template, Map<String, String> variables, String offerCode, String heldBecause) {
    }

    private final EntityManagerFactory emf;
    private final Supplier<OfferService> offers;
    private final Clock clock;

    BestOffers(EntityManagerFactory emf, Supplier<OfferService> offers, Clock clock) {
        this.emf = emf;
        this.offers = offers;
        this.clock = clock;
    }

    /**
     * The recipient's message in a best-offer variant.
     *
     * @throws RulesUnavailableException when the offers capability is not running or its rules have
     *         no active release: the campaign waits for them
     */
    Choice choose(CampaignEntity c, RecipientEntity r, Variant variant, PublicLinks links) {
        ContactOffers decided = service().offersFor(r.contactId, "campaign " + c.name);
        Optional<RankedOffer> best = decided.offers().stream().findFirst();
        if (best.isEmpty()) {
            return variant.fallback() == null ? new Choice(null, Map.of(), null, CampaignService.NO_OFFER)
                    : new Choice(variant.fallback(), Map.of(), null, null);
        }
        RankedOffer o = best.get();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("offer.code", o.code());
        variables.put("offer.name", o.title());
        variables.put("offer.description", o.description() == null ? "" : o.description());
        variables.put("offer.kind", o.kind().label());
        variables.put("offer.acceptUrl", links.accept(LinkTokens.acceptToken(c.secret, r.id, c.id, r.contactId, o.code())));
        return new Choice(variant.template(), variables, o.code(), null);
    }

    /**
     * The choices of the recipients of a page who are in a best-offer variant and free to receive
     * their message, by recipient id; decided before any message of the page is queued, so a page
     * either waits for the offers as a whole or goes.
     */
    Map<Long, Choice> chooseAll(CampaignEntity c, List<RecipientEntity> free, PublicLinks links) {
        Map<String, Variant> variants = new HashMap<>();
        Variants.parse(c.variants, c.offers).forEach(v -> variants.put(v.template(), v));
        Map<Long, Choice> choices = new HashMap<>();
        for (RecipientEntity r : free) {
            Variant v = variants.get(r.variant);
            if (v != null && v.bestOffer()) {
                choices.put(r.id, choose(c, r, v, links));
            }
        }
        return choices;
    }

    /** What a preview counts for a contact in a best-offer variant. */
    enum Preview { OFFER, FALLBACK, NO_OFFER }

    /**
     * Whether the contact would see an offer now, get the fallback or be held back, asking the offers
     * capability recording nothing.
     *
     * @throws RulesUnavailableException when the offers capability is not running or its rules have
     *         no active release
     */
    Preview preview(long contactId, Variant variant) {
        if (!service().previewFor(contactId).offers().isEmpty()) {
            return Preview.OFFER;
        }
        return variant.fallback() == null ? Preview.NO_OFFER : Preview.FALLBACK;
    }

    private OfferService service() {
        OfferService service = offers.get();
        if (service == null) {
            throw new RulesUnavailableException("the offers capability (feature rapport-offers) is not running: "
                    + "best-offer variants wait for it");
        }
        return service;
    }

    /** Follows an accept link; see {@link CampaignService#acceptOffer}. */
    Optional<String> accept(String token) {
        OptionalLong recipientId = LinkTokens.recipient(token);
        if (recipientId.isEmpty()) {
            return Optional.empty();
        }
        long rid = recipientId.getAsLong();
        // The token is checked before anything is asked of the offers: a forged one costs a read.
        record Signed(long contactId, String code, String campaign, boolean accepted) {
        }
        Signed signed = Transactions.read(emf, em -> {
            RecipientEntity r = em.find(RecipientEntity.class, rid);
            CampaignEntity c = r == null ? null : em.find(CampaignEntity.class, r.campaignId);
            return c != null && LinkTokens.validAccept(token, c.secret, r.id, c.id, r.contactId, r.offerCode)
                    ? new Signed(r.contactId, r.offerCode, c.name, r.offerAcceptedAt != null) : null;
        });
        if (signed == null) {
            LOG.info("An offer's accept link that this server did not sign was followed (recipient {})", rid);
            return Optional.empty();
        }
        if (!signed.accepted()) {
            service().accept(signed.contactId(), signed.code(), "accept link of campaign " + signed.campaign());
            accepted(rid);
        }
        return Optional.of(signed.code());
    }

    /** Counts the offer shown to the recipient as accepted (once). */
    private void accepted(long recipientId) {
        Transactions.retrying(emf, 3, em -> {
            RecipientEntity r = em.find(RecipientEntity.class, recipientId, LockModeType.PESSIMISTIC_WRITE);
            if (r != null && r.offerAcceptedAt == null) {
                r.offerAcceptedAt = clock.instant();
            }
            return null;
        });
    }
}

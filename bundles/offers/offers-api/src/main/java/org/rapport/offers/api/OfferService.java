package org.rapport.offers.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The offer catalogue, each customer's offers as the {@code offers} rules decide them, and their
 * acceptance.
 */
@ProviderType
public interface OfferService {

    /**
     * Adds an offer to the catalogue or changes it (by code).
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    Offer define(Offer offer, String actor);

    Optional<Offer> find(String code);

    /** The catalogue, by code. */
    List<Offer> list();

    /**
     * The customer's offers, best first: the {@code offers} rules decide them on what the customer
     * bought (categories and SKUs of their purchase lines), spend, tier and segments, when the
     * consent gate lets the customer be profiled; the decisions go to the decision ledger (about the
     * contact's id) when they differ from the last ones recorded.
     *
     * @param requester who asks, for the consent gate's record of a block
     * @throws IllegalArgumentException if there is no such contact
     * @throws org.rapport.rules.api.RulesUnavailableException if the package has no active release
     */
    ContactOffers offersFor(long contactId, String requester);

    /**
     * What {@link #offersFor} would answer now, recording nothing: the consent gate only previewed
     * (no block recorded), nothing in the decision ledger. For a preview of whom an action would
     * offer what (a campaign's best-offer variants before launch), never instead of asking when
     * the offer is shown.
     *
     * @throws IllegalArgumentException if there is no such contact
     * @throws org.rapport.rules.api.RulesUnavailableException if the package has no active release
     */
    ContactOffers previewFor(long contactId);

    /**
     * Records that the customer accepted the offer: stored, put on the customer's timeline as an
     * interaction of type {@code offer-accepted} (which campaigns count as a conversion). Accepting
     * again answers the first acceptance.
     *
     * @throws IllegalArgumentException if there is no such contact or offer
     * @throws IllegalStateException if the offer is not one of the customer's offers now
     */
    Acceptance accept(long contactId, String code, String actor);

    /** The customer's acceptances, newest first. */
    List<Acceptance> acceptances(long contactId);
}

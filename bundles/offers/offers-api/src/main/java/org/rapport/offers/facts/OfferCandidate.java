package org.rapport.offers.facts;

import java.util.Locale;

/**
 * An offer a plugin's offer source proposed for a customer, as the offers rules see it beside the
 * customer's {@link OfferProfile}: {@code OfferCandidate( source == "partner-insurance", score >= 50 )}.
 * A candidate is offered only if a rule decides it.
 */
public final class OfferCandidate {

    private final long contactId;
    private final String offer;
    private final String source;
    private final int score;

    /**
     * @param offer the offer's code (kept in upper case, as the catalogue keeps codes)
     * @param source the name of the source that proposed it
     * @param score how well it fits, 0 to 100, in the source's view
     */
    public OfferCandidate(long contactId, String offer, String source, int score) {
        this.contactId = contactId;
        this.offer = offer == null ? null : offer.strip().toUpperCase(Locale.ROOT);
        this.source = source;
        this.score = score;
    }

    public long getContactId() {
        return contactId;
    }

    /** The subject of the decisions about it: the customer's contact id. */
    public long getSubject() {
        return contactId;
    }

    public String getOffer() {
        return offer;
    }

    public String getSource() {
        return source;
    }

    public int getScore() {
        return score;
    }

    @Override
    public String toString() {
        return "OfferCandidate[contact " + contactId + ", offer " + offer + " from " + source + ", score " + score + "]";
    }
}

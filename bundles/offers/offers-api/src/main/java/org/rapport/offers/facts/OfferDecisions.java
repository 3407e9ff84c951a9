package org.rapport.offers.facts;

/**
 * The decisions the offers bundle applies. Their subject is the customer's contact id
 * ({@link OfferProfile#getSubject()}).
 */
public final class OfferDecisions {

    /** The rule package the offers bundle evaluates. */
    public static final String RULE_PACKAGE = "offers";

    /**
     * The customer is eligible for an offer: attributes {@value #CODE} (an offer of the catalogue)
     * and {@value #RANK} (1 for the best). Several rules may decide the same offer: the best rank
     * counts. An offer not in the catalogue, inactive or out of its validity is not offered.
     */
    public static final String OFFER = "offers.offer";

    /** Attribute of {@link #OFFER}: the offer's code. */
    public static final String CODE = "offer";

    /** Attribute of {@link #OFFER}: a whole number from 1 (best). */
    public static final String RANK = "rank";

    private OfferDecisions() {
    }
}

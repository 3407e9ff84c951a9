package org.rapport.campaigns.api;

/**
 * One of a campaign's template variants.
 *
 * @param template the code of a template of the communication capability
 * @param share its weight in the split (1 to 100): a contact gets this variant with the chance
 *        {@code share / sum of shares}, the same variant every time it is asked
 * @param bestOffer whether the template shows the recipient's best offer (false when left out) ({@code {{offer.name}}},
 *        {@code {{offer.description}}}, {@code {{offer.acceptUrl}}} ...), decided by the {@code offers}
 *        rules for each recipient as the message leaves
 * @param fallback for a best-offer variant, the template a recipient with no offer gets instead, or
 *        null to hold such a recipient back with the reason {@value CampaignService#NO_OFFER}
 */
public record Variant(String template, int share, Boolean bestOffer, String fallback) {

    /** {@code bestOffer} left out (null, as a JSON body may leave it out) is false. */
    public Variant {
        bestOffer = Boolean.TRUE.equals(bestOffer);
    }

    /** A variant without offers. */
    public Variant(String template, int share) {
        this(template, share, false, null);
    }
}

package org.rapport.campaigns.api;

import java.util.Map;

/**
 * Whom a campaign would reach if it were launched now, sending nothing and recording nothing.
 *
 * @param audience the segment's members, or the contacts the campaign's condition selects
 * @param reachable those the consent gate and the frequency caps would let the message reach now (a
 *        message the quiet hours would defer is reachable: it leaves later)
 * @param heldBack those they would hold back, by reason ({@code no consent recorded for marketing by
 *        email}, {@code marketing by email withdrawn}, {@code no address on the channel}, a cap rule's
 *        reason such as {@code no more than two marketing messages a week})
 * @param byVariant the reachable contacts by the template variant each would get
 * @param offered of the reachable in best-offer variants, those the offers capability would show an offer
 *        now (asked recording nothing); those without one are under {@code fallback}, or held back as
 *        {@value CampaignService#NO_OFFER} when their variant has no fallback
 * @param fallback of the reachable in best-offer variants, those who would get the fallback template
 */
public record CampaignPreview(long audience, long reachable, Map<String, Long> heldBack, Map<String, Long> byVariant,
        long offered, long fallback) {

    /** A preview of a campaign without best-offer variants. */
    public CampaignPreview(long audience, long reachable, Map<String, Long> heldBack, Map<String, Long> byVariant) {
        this(audience, reachable, heldBack, byVariant, 0, 0);
    }
}

package org.rapport.offers.api;

import java.util.List;

/**
 * A customer's offers, best first.
 *
 * @param offers the offers the rules decided, active and valid today, not accepted before
 * @param personalised false when the consent gate kept the customer from profiling: no offers then
 * @param reason why they are not personalised, or null
 */
public record ContactOffers(long contactId, List<RankedOffer> offers, boolean personalised, String reason) {

    public ContactOffers {
        offers = List.copyOf(offers);
    }
}

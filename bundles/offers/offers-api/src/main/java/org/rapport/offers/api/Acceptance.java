package org.rapport.offers.api;

import java.time.Instant;

/**
 * A customer's acceptance of an offer, recorded once.
 *
 * @param interactionId the interaction of type {@code offer-accepted} on the customer's timeline
 * @param rule the rule that had decided the offer
 * @param release the release it was in, as {@code offers v3}
 * @param replayed true if it had been accepted before and nothing new was recorded
 */
public record Acceptance(long id, long contactId, String code, Instant acceptedAt, String acceptedBy, String rule,
        String release, Long interactionId, boolean replayed) {
}

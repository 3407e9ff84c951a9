package org.rapport.loyalty.api;

import java.time.Instant;

/**
 * A member's tier, when they entered it, and the tier before it.
 *
 * @param previousTier the tier before the last change, or null after a first placement
 */
public record TierStanding(long contactId, String tier, Instant since, String previousTier) {
}

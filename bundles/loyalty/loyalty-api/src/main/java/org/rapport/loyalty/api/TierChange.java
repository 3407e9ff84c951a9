package org.rapport.loyalty.api;

import java.time.Instant;

/**
 * A change of a member's tier, and what decided it.
 *
 * @param fromTier the tier before, or null for a first placement
 * @param release the rule package and release, as {@code loyalty v3}
 * @param activity the activity the rule saw
 */
public record TierChange(long contactId, String fromTier, String toTier, String rule, String release,
        Instant changedAt, String activity) {
}

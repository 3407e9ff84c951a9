package org.rapport.loyalty.api;

import java.time.Instant;

/**
 * What one run of points expiry did.
 *
 * @param asOf points whose expiry day was before this instant expired
 * @param members members who lost points
 * @param points points expired in all
 */
public record ExpiryRun(Instant asOf, int members, long points) {
}

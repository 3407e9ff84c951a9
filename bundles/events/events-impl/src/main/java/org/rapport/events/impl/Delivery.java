package org.rapport.events.impl;

import java.time.Instant;

/**
 * One event for one subscription: pending until delivered, dead when its attempts ran out.
 *
 * @param error the last failed attempt's reason, or null
 */
public record Delivery(long id, long subscriptionId, String eventId, String type, long contactId, Instant occurredAt,
        String state, int attempts, Instant nextAt, String error, Instant deliveredAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";
}

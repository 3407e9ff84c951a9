package org.rapport.events.impl;

import java.time.Instant;
import java.util.List;

/**
 * A system subscribed to events, as shown: never its secret.
 *
 * @param faults failed attempts in a row; a delivery clears them
 */
public record Subscription(long id, String name, String url, List<String> types, String state, int faults,
        String lastFault, Instant createdAt, String createdBy, Instant suspendedAt) {

    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";

    boolean wants(String type) {
        return types.contains(type);
    }
}

package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Map;

/**
 * An interaction to record. {@code channel}, {@code direction} and {@code type} are required;
 * {@code occurredAt} defaults to now; {@code summary} and {@code payload} are optional.
 */
public record NewInteraction(String channel, String direction, String type, Instant occurredAt, String summary,
        Map<String, String> payload) {
}

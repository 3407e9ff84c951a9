package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Map;

/**
 * An interaction to record. {@code channel}, {@code direction} and {@code type} are required;
 * {@code occurredAt} defaults to now; {@code summary}, {@code payload} and {@code eventId} are
 * optional.
 *
 * @param eventId the id the sending system gave the event (at most 200 characters): an interaction
 *                with an event id already recorded is not recorded again, however often and to
 *                whichever node it is delivered
 */
public record NewInteraction(String channel, String direction, String type, Instant occurredAt, String summary,
        Map<String, String> payload, String eventId) {

    /** An interaction without an event id: each one delivered is recorded. */
    public NewInteraction(String channel, String direction, String type, Instant occurredAt, String summary,
            Map<String, String> payload) {
        this(channel, direction, type, occurredAt, summary, payload, null);
    }
}

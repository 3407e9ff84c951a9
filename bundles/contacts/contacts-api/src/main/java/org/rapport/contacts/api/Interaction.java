package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One touchpoint on a contact's timeline: a call, an email, a visit, a purchase, a support case,
 * a survey answer, a web visit, a social message...
 *
 * @param type what happened, in lower case with '-' ({@code call}, {@code purchase}, {@code support-case})
 * @param occurredAt when it happened
 * @param summary a line for people, may be null
 * @param payload details a plugin adds (order number, case id, score...), by name
 * @param source who recorded it: a user, an API key, a bundle
 * @param recordedAt when Rapport stored it
 * @param eventId the sending system's id of the event, or null
 */
public record Interaction(long id, long contactId, Channel channel, Direction direction, String type, Instant occurredAt,
        String summary, Map<String, String> payload, String source, Instant recordedAt, String eventId) {

    /** An interaction without an event id. */
    public Interaction(long id, long contactId, Channel channel, Direction direction, String type, Instant occurredAt,
            String summary, Map<String, String> payload, String source, Instant recordedAt) {
        this(id, contactId, channel, direction, type, occurredAt, summary, payload, source, recordedAt, null);
    }

    public Interaction {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recordedAt, "recordedAt");
        payload = payload == null ? Map.of() : Map.copyOf(payload);
    }
}

package org.rapport.retention.api;

import java.time.Instant;

/** A recorded survey answer or comment; it is also on the contact's timeline (type {@code feedback}). */
public record Feedback(long id, long contactId, FeedbackKind kind, Integer score, String comment, String channel,
        Instant occurredAt, String source) {
}

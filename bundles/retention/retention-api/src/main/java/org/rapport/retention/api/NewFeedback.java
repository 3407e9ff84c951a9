package org.rapport.retention.api;

import java.time.Instant;

/**
 * A survey answer or comment to record.
 *
 * @param score required for NPS (0 to 10) and CSAT (1 to 5), absent for a comment
 * @param comment the customer's words; required for a comment
 * @param channel where it came from, a contact channel ({@code web}, {@code email}); default web
 * @param occurredAt when it was given; default now
 */
public record NewFeedback(long contactId, FeedbackKind kind, Integer score, String comment, String channel,
        Instant occurredAt) {
}

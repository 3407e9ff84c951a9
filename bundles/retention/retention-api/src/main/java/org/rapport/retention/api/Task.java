package org.rapport.retention.api;

import java.time.Instant;

/**
 * Work for an agent about a customer at risk.
 *
 * @param queue the team or agent the rule gave it to
 * @param assignee the agent who took it, or null
 * @param rule the rule that decided it
 */
public record Task(long id, long episodeId, long contactId, String title, String queue, String assignee, Instant dueAt,
        TaskStatus status, String note, String rule, Instant createdAt, Instant closedAt) {
}

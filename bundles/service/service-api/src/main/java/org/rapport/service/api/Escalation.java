package org.rapport.service.api;

import java.time.Instant;

/**
 * A target a case missed or is about to miss, as the SLA check raised it once.
 *
 * @param kind {@code first-response-warning}, {@code first-response-breach}, {@code resolution-warning}
 *             or {@code resolution-breach}
 */
public record Escalation(long caseId, String kind, Instant due, String queue, String assignee) {
}

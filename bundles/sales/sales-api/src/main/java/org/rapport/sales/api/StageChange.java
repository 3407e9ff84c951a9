package org.rapport.sales.api;

import java.time.Instant;

/** One move of an opportunity from a stage to another ({@code from} null when it was opened). */
public record StageChange(long opportunityId, String from, String to, Instant at, String actor, String reason) {
}

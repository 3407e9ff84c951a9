package org.rapport.retention.api;

import java.time.Instant;

/**
 * One spell of a customer at risk for one trigger: opened when a rule raised it, closed when an
 * evaluation no longer raises it.
 *
 * @param trigger the trigger's code, such as {@code no-purchase}
 * @param risk low, medium or high
 * @param rule the rule that raised it
 * @param release the rule package and release, as {@code retention v3}
 * @param closedAt when it closed, or null while open
 */
public record Episode(long id, long contactId, String trigger, String risk, String reason, String rule, String release,
        Instant openedAt, Instant closedAt, EpisodeOutcome outcome) {
}

package org.rapport.sales.api;

import java.time.Instant;

/**
 * An open opportunity the stalled-deal rules found without activity (a stage change, an edit, an
 * interaction on its contact's timeline) for too long, as the last check stored it.
 *
 * @param since when a check first found it stalled
 * @param lastActivity its last activity the check saw
 * @param rule the rule that decided it, {@code release} the version of the {@code sales} rules it
 *        was in
 */
public record StalledDeal(Opportunity opportunity, Instant since, Instant lastActivity, String rule, long release) {
}

package org.rapport.rules.api;

import java.time.Instant;

/**
 * A candidate running beside the active release on live evaluations: its decisions are counted
 * against the active release's, never applied.
 *
 * @param since when the shadow started
 * @param evaluations live evaluations it has run beside the active release
 * @param failures evaluations in which the shadow failed (the live result was unaffected)
 * @param differences what it would have decided differently, as {@link Impact} counts them
 */
public record Shadow(String rulePackage, String hash, String origin, Instant since, long evaluations, long failures,
        Impact differences) {
}

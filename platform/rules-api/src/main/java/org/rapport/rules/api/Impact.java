package org.rapport.rules.api;

import java.util.List;
import java.util.Map;

/**
 * What a candidate release would change if it were active, over every stored subject: for each
 * change (e.g. {@code loyalty.set-tier: tier=Silver -> tier=Gold}) how many subjects and a sample.
 *
 * @param activeRelease the release compared against, or 0 when the package has none
 * @param facts how many stored facts were evaluated
 * @param changes change to the number of subjects it concerns, largest first
 * @param samples change to a few of the subjects it concerns
 * @param leftOut why subjects were not evaluated (the consent gate blocked profiling them) to how
 *        many, as the package's {@link FactSource}s reported them; empty when nobody was left out
 */
public record Impact(String rulePackage, long activeRelease, long facts, Map<String, Long> changes,
        Map<String, List<String>> samples, Map<String, Long> leftOut) {

    /** An impact that left nobody out. */
    public Impact(String rulePackage, long activeRelease, long facts, Map<String, Long> changes,
            Map<String, List<String>> samples) {
        this(rulePackage, activeRelease, facts, changes, samples, Map.of());
    }

    /** How many subjects were left out, for every reason. */
    public long leftOutTotal() {
        return leftOut.values().stream().mapToLong(Long::longValue).sum();
    }

    public long changed() {
        return changes.values().stream().mapToLong(Long::longValue).sum();
    }
}

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
 */
public record Impact(String rulePackage, long activeRelease, long facts, Map<String, Long> changes,
        Map<String, List<String>> samples) {

    public long changed() {
        return changes.values().stream().mapToLong(Long::longValue).sum();
    }
}

package org.rapport.privacy.api;

import java.time.Instant;
import java.util.List;

/**
 * What an erasure did: one outcome per participant, and the bundles that declare personal data
 * but registered no participant, whose data the erasure could not reach.
 */
public record ErasureReport(long id, long contactId, String requestedBy, Instant completedAt, List<Outcome> outcomes,
        List<String> unreached) {

    /**
     * @param removed what the participant removed, or null if it failed
     * @param error why it failed, or null
     */
    public record Outcome(String participant, String removed, String error) {
    }

    /** Whether every participant succeeded and no bundle was left unreached. */
    public boolean complete() {
        return unreached.isEmpty() && outcomes.stream().allMatch(o -> o.error() == null);
    }
}

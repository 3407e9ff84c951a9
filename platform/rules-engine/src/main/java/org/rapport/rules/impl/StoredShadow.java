package org.rapport.rules.impl;

import java.time.Instant;
import java.util.Map;

/**
 * A shadow as the database keeps it, so that it survives a restart and runs on every node that
 * shares the database: its candidate files, where they came from and when it started. The
 * comparison counts are each node's own, in memory.
 */
record StoredShadow(String rulePackage, String hash, String origin, Instant since, Map<String, String> files) {

    StoredShadow {
        files = Map.copyOf(files);
    }

    /** Whether a running shadow is this one: the same files started at the same moment. */
    boolean sameAs(ShadowRun run) {
        return run != null && run.hash.equals(hash) && run.since.equals(since);
    }
}

package org.rapport.rules.impl;

import java.time.Instant;
import java.util.Map;

/**
 * A shadow as the database keeps it, so that it survives a restart and runs on every node that
 * shares the database: its candidate files, where they came from and when it started. The
 * comparison counts are each engine's, stored apart ({@link ShadowCounts}).
 */
record StoredShadow(String rulePackage, String hash, String origin, Instant since, Map<String, String> files) {

    StoredShadow {
        files = Map.copyOf(files);
    }

    /** What tells this shadow from another, without its files. */
    Mark mark() {
        return new Mark(rulePackage, hash, since);
    }

    /**
     * Which shadow a package has: its files' hash and when it started. What a node reads every
     * time it syncs, so that the files are read only when the shadow is new to it.
     */
    record Mark(String rulePackage, String hash, Instant since) {

        /** Whether a running shadow is this one: the same files started at the same moment. */
        boolean sameAs(ShadowRun run) {
            return run != null && run.hash.equals(hash) && run.since.equals(since);
        }
    }
}

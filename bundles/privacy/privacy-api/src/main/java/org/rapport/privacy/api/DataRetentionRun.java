package org.rapport.privacy.api;

import java.time.Instant;
import java.util.List;

/**
 * A retention run and its evidence: per category, the records examined, those under legal hold,
 * and those deleted or anonymised (in a dry run: that would have been). The evidence is saved
 * after every batch, so a run in progress shows how far it got, and a run cut short keeps what
 * it applied.
 *
 * @param finishedAt when it ended, or null while it runs
 * @param release the {@code privacy} release that decided, as {@code privacy v2}
 */
public record DataRetentionRun(long id, boolean dryRun, String actor, Instant startedAt, Instant finishedAt, String release,
        List<Category> categories) {

    public record Category(String category, long examined, long held, long deleted, long anonymized) {
    }
}

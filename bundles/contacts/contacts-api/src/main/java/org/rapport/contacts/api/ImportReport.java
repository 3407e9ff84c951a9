package org.rapport.contacts.api;

import java.time.Instant;
import java.util.List;

/**
 * What an import did, or is doing. Rows are numbered as in the file, the heading being row 1.
 *
 * @param rows data rows read so far
 * @param created contacts added
 * @param updated contacts whose details a row replaced
 * @param unchanged rows whose contact was already stored as they say (or left alone)
 * @param failed rows refused, each in {@code errors} (the first {@value #MAX_ERRORS} of them)
 * @param resumedAt the row an interrupted import was resumed after, or 0
 */
public record ImportReport(String id, String file, State state, boolean dryRun, long rows, long created, long updated,
        long unchanged, long failed, List<RowError> errors, long resumedAt, Instant startedAt, Instant finishedAt,
        String problem) {

    /** The most row errors a report lists; {@code failed} counts them all. */
    public static final int MAX_ERRORS = 1000;

    /** Where an import stands. */
    public enum State { RUNNING, DONE, FAILED, INTERRUPTED }

    /** One refused row: its number in the file, the column at fault, and why. */
    public record RowError(long row, String column, String reason) {
        @Override
        public String toString() {
            return "row " + row + (column == null ? "" : ", column " + column) + ": " + reason;
        }
    }

    public ImportReport {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}

package org.rapport.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * A run of a job and its progress, in the shape every job has in REST and the shell.
 *
 * @param kind       the {@link JobKind#kind()} it is a run of
 * @param actor      who started it ({@code system} for a schedule)
 * @param node       the node running it, or that ran it last
 * @param total      items when it started
 * @param done       items done so far
 * @param changed    items whose data it changed
 * @param cursor     where its last finished page ended, where it goes on from; null before the first
 * @param finishedAt when it ended, or null while it runs or waits to be resumed
 * @param error      why it failed or was stopped, or null
 * @param counts     what else the kind counts ({@link JobPage#counts()}), added up over its pages
 * @param subject    what the run works on, for a kind whose runs each have their own (the upload a
 *                   contact import reads: {@link JobRunner#start(String, String, String)}), or null
 */
public record Job(long id, String kind, State state, String actor, String node, Instant startedAt, Instant finishedAt,
        long total, long done, long changed, String cursor, String error, Map<String, Long> counts, String subject) {

    public Job {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    /** A run of a kind without subjects. */
    public Job(long id, String kind, State state, String actor, String node, Instant startedAt, Instant finishedAt,
            long total, long done, long changed, String cursor, String error, Map<String, Long> counts) {
        this(id, kind, state, actor, node, startedAt, finishedAt, total, done, changed, cursor, error, counts, null);
    }

    /** One of {@link #counts()}, 0 if the job has not counted it. */
    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    public enum State {
        /** Running, or left running by a node that died, for another node to go on with. */
        RUNNING,
        DONE,
        /** A page failed; the run can be resumed from its cursor. */
        FAILED,
        /**
         * The server, whose database no other node shares, stopped while it ran; it can be
         * resumed from its cursor.
         */
        INTERRUPTED,
        CANCELLED
    }
}

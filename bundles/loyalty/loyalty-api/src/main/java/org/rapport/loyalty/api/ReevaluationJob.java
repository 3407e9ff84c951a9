package org.rapport.loyalty.api;

import java.time.Instant;

/**
 * A run that decides every member's tier again, a page of members at a time, applying only the
 * decisions that change something. Each page commits with the job's progress, so an
 * interrupted job resumes after the last member it finished.
 *
 * @param total members when the job started
 * @param evaluated members evaluated so far
 * @param changed members whose tier or grace period changed
 * @param error why the job failed, or null
 */
public record ReevaluationJob(long id, State state, String actor, Instant startedAt, Instant finishedAt, long total,
        long evaluated, long changed, String error) {

    public enum State {
        RUNNING, DONE, FAILED,
        /**
         * The server, whose database no other node shares, stopped while the job ran; resume it
         * to finish. (A node that dies leaves its job running, for the next node to go on with.)
         */
        INTERRUPTED
    }
}

package org.rapport.retention.api;

import java.time.Instant;

/**
 * A sweep over every customer's activity, with its progress. A sweep that stopped (the server
 * went down) is {@code INTERRUPTED} and can be resumed where it got to.
 *
 * @param total customers to evaluate, counted when it started
 * @param evaluated customers evaluated so far
 * @param opened episodes it opened
 * @param closed episodes it closed
 */
public record SweepRun(long id, Status status, String requester, Instant startedAt, Instant finishedAt, long total,
        long evaluated, long opened, long closed, String error) {

    public enum Status {
        RUNNING, DONE, FAILED, INTERRUPTED
    }
}

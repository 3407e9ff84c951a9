package org.rapport.rules.rest.impl;

import java.time.Instant;
import java.util.List;

import org.rapport.rest.FieldError;
import org.rapport.rules.api.Impact;

/**
 * A background impact preview as the API shows it: its progress while it runs ({@code evaluated}
 * of {@code total} stored facts; {@code total} is -1 when the sources cannot tell), then its
 * impact, or the reason it failed with each problem of a refused candidate.
 */
public record PreviewJob(String id, String rulePackage, State state, long evaluated, long total, Instant submittedAt,
        Instant finishedAt, Impact impact, String error, List<FieldError> problems) {

    /** Where a job stands. */
    public enum State { QUEUED, RUNNING, DONE, FAILED }
}

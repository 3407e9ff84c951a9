package org.rapport.loyalty.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Re-evaluates every member's tier in the background, after a rule release or on a schedule. */
@ProviderType
public interface TierReevaluation {

    /**
     * Starts a job, or returns the one already running: one runs at a time, across all nodes
     * sharing the database. A job whose node died is gone on with by another node, by itself.
     *
     * @param actor who asked, for the job and the ledger
     */
    ReevaluationJob start(String actor);

    /**
     * Continues an interrupted or failed job after the last member it finished.
     *
     * @throws IllegalArgumentException if there is no such job or it has finished
     */
    ReevaluationJob resume(long jobId, String actor);

    Optional<ReevaluationJob> job(long jobId);

    /** The newest jobs first. */
    List<ReevaluationJob> jobs(int limit);
}

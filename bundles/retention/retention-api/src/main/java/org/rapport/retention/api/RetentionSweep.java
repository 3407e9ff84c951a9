package org.rapport.retention.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Evaluates every customer with touchpoints, in the background, a page at a time, saving its
 * progress after each page. Running it twice raises nothing new: an open episode is not raised
 * again.
 */
@ProviderType
public interface RetentionSweep {

    /**
     * Starts a sweep.
     *
     * @throws IllegalStateException if one is running
     */
    SweepRun start(String requester);

    /**
     * Goes on with an interrupted or failed sweep from the last page it finished.
     *
     * @throws IllegalArgumentException if there is no such sweep
     * @throws IllegalStateException if it is running or done, or another one is running
     */
    SweepRun resume(long id, String requester);

    Optional<SweepRun> run(long id);

    /** The latest sweeps, newest first. */
    List<SweepRun> runs(int limit);
}

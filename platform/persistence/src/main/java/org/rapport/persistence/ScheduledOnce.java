package org.rapport.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work Karaf's scheduler fires (its whiteboard runs every {@code Runnable} service with a
 * {@code scheduler.expression}): every node's scheduler fires it and one node runs it
 * ({@link Cluster#runOnce}). A failure is logged and the schedule goes on: the next time tries
 * again, so the work must go on from where a run cut short stopped.
 *
 * <p>A capability registers a subclass as a {@code Runnable} component, with
 * {@code configurationPolicy = REQUIRE} and {@code scheduler.concurrent:Boolean=false}, so that it
 * is scheduled only while its configuration in {@code etc/} names a {@code scheduler.expression}.
 */
public abstract class ScheduledOnce implements Runnable {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Cluster cluster;
    private final String task;

    /** @param task the task's name, the same on every node ({@code loyalty.nightly}) */
    protected ScheduledOnce(Cluster cluster, String task) {
        this.cluster = cluster;
        this.task = task;
    }

    /** The work, run on one node each time the schedule fires. */
    protected abstract void work();

    @Override
    public final void run() {
        try {
            cluster.runOnce(task, this::work);
        } catch (RuntimeException e) {
            // A failure must not cancel the schedule.
            log.error("Scheduled task '{}' failed; it runs again when its schedule next fires", task, e);
        }
    }
}

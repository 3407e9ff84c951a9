package org.rapport.jobs.impl;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.rapport.jobs.Job;
import org.rapport.jobs.Job.State;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.persistence.Cluster.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, from its cursor to its end, a page at a time, under its kind's lock, which it lets go
 * of at the end. Stopped on the way (the node or the capability stops), the run is left running
 * for another node sharing the database to go on with, or, with a database of this node's own,
 * marked interrupted for an administrator to resume.
 */
final class PageLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PageLoop.class);

    private final JobKind kind;
    private final long id;
    private final Lease lease;
    private final JobStore store;
    private final Clock clock;
    private final boolean shared;
    private final BooleanSupplier stop;

    PageLoop(JobKind kind, long id, Lease lease, JobStore store, Clock clock, boolean shared, BooleanSupplier stop) {
        this.kind = kind;
        this.id = id;
        this.lease = lease;
        this.store = store;
        this.clock = clock;
        this.shared = shared;
        this.stop = stop;
    }

    @Override
    public void run() {
        try {
            while (!stop.getAsBoolean()) {
                Optional<Job> job = store.find(id).filter(j -> j.state() == State.RUNNING);
                if (job.isEmpty()) {
                    LOG.info("{} {} was cancelled; it stops here", kind.title(), id);
                    return;
                }
                Optional<JobPage> page = kind.page(job.get(), job.get().cursor());
                if (page.isEmpty()) {
                    finish(State.DONE, null);
                    return;
                }
                // A page that recorded its progress in its own transaction (JobRunner.record) moved the cursor itself.
                Optional<Job> after = store.find(id).filter(j -> j.state() == State.RUNNING);
                boolean recorded = after.isPresent() && page.get().cursor().equals(after.get().cursor());
                if (after.isEmpty() || !recorded && !store.progress(job.get(), page.get())) {
                    LOG.info("{} {} was cancelled after its page to {}", kind.title(), id, page.get().cursor());
                    return;
                }
            }
            if (shared) {
                LOG.info("{} {} stopped with its node; another node goes on with it", kind.title(), id);
            } else {
                finish(State.INTERRUPTED, "the server or the " + kind.title() + " stopped while the job ran");
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("{} {} failed; it can be resumed from its last page", kind.title(), id, e);
            finish(State.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            lease.close();
        }
    }

    private void finish(State state, String error) {
        store.move(id, state, clock.instant().truncatedTo(ChronoUnit.MILLIS), error, State.RUNNING);
        LOG.info("{} {} {}", kind.title(), id, state.name().toLowerCase());
    }
}

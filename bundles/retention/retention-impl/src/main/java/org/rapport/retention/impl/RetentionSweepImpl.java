package org.rapport.retention.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobRunner;
import org.rapport.jobs.JobRunningException;
import org.rapport.persistence.Transactions;
import org.rapport.retention.api.RetentionSweep;
import org.rapport.retention.api.SweepRun;

/**
 * Sweeps as the retention API has them, run by the platform's job runner (kind
 * {@value RetentionSweepPages#KIND}, whose pages are {@link RetentionSweepPages}). Sweeps run before
 * the runner are read from their former table {@code RETENTION_SWEEP}, whose identifiers are below
 * the runner's.
 */
@Component(service = RetentionSweep.class)
public class RetentionSweepImpl implements RetentionSweep {

    private final JobRunner runner;
    private final EntityManagerFactory emf;

    @Activate
    public RetentionSweepImpl(@Reference JobRunner runner,
            @Reference(target = "(osgi.unit.name=rapport-retention)") EntityManagerFactory emf) {
        this.runner = runner;
        this.emf = emf;
    }

    @Override
    public SweepRun start(String requester) {
        try {
            return of(runner.start(RetentionSweepPages.KIND, requester));
        } catch (JobRunningException e) {
            throw running(e);
        }
    }

    @Override
    public SweepRun resume(long id, String requester) {
        SweepRun before = run(id).orElseThrow(() -> new IllegalArgumentException("sweep " + id + " does not exist"));
        if (runnerJob(id).isEmpty()) {
            throw new IllegalStateException("sweep " + id + " ran before the job runner and cannot be resumed; start a "
                    + "new one");
        }
        if (before.status() == SweepRun.Status.RUNNING || before.status() == SweepRun.Status.DONE
                || runnerJob(id).get().state() == Job.State.CANCELLED) {
            throw new IllegalStateException("sweep " + id + " is " + before.status().name().toLowerCase()
                    + "; only an interrupted or failed sweep can be resumed");
        }
        try {
            return of(runner.resume(id, requester));
        } catch (JobRunningException e) {
            throw running(e);
        }
    }

    @Override
    public Optional<SweepRun> run(long id) {
        Optional<SweepRun> run = runnerJob(id).map(RetentionSweepImpl::of);
        return run.isPresent() ? run : Transactions.read(emf, em -> Optional.ofNullable(em.find(SweepRunEntity.class, id))
                .map(SweepRunEntity::toRun));
    }

    @Override
    public List<SweepRun> runs(int limit) {
        int most = Math.max(1, limit);
        List<SweepRun> runs = new ArrayList<>(runner.jobs(RetentionSweepPages.KIND, most).stream()
                .map(RetentionSweepImpl::of).toList());
        if (runs.size() < most) {
            int more = most - runs.size();
            runs.addAll(Transactions.read(emf, em -> em.createQuery("select s from SweepRunEntity s order by s.id desc",
                    SweepRunEntity.class).setMaxResults(more).getResultStream().map(SweepRunEntity::toRun).toList()));
        }
        return runs;
    }

    private Optional<Job> runnerJob(long id) {
        return runner.job(id).filter(j -> j.kind().equals(RetentionSweepPages.KIND));
    }

    private static IllegalStateException running(JobRunningException e) {
        return e.running().map(j -> new IllegalStateException("sweep " + j.id() + " is running (" + j.done() + " of "
                + j.total() + ")", e)).orElseGet(() -> new IllegalStateException("a sweep is starting on another node", e));
    }

    /** The runner's job in the retention API's shape; a cancelled sweep is one that failed, its error saying who cancelled. */
    static SweepRun of(Job job) {
        SweepRun.Status status = switch (job.state()) {
            case RUNNING -> SweepRun.Status.RUNNING;
            case DONE -> SweepRun.Status.DONE;
            case INTERRUPTED -> SweepRun.Status.INTERRUPTED;
            case FAILED, CANCELLED -> SweepRun.Status.FAILED;
        };
        return new SweepRun(job.id(), status, job.actor(), job.startedAt(), job.finishedAt(), job.total(), job.done(),
                job.count(RetentionSweepPages.OPENED), job.count(RetentionSweepPages.CLOSED), job.error());
    }
}

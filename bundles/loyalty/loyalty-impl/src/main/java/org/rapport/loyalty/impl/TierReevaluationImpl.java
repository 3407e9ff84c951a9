package org.rapport.loyalty.impl;

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
import org.rapport.loyalty.api.ReevaluationJob;
import org.rapport.loyalty.api.ReevaluationJob.State;
import org.rapport.loyalty.api.TierReevaluation;
import org.rapport.persistence.Transactions;

/**
 * Tier re-evaluation jobs as the loyalty API has them, run by the platform's job runner (kind
 * {@value TierReevaluationPages#KIND}, whose pages are {@link TierReevaluationPages}). Jobs run
 * before the runner are read from their former table {@code LOYALTY_REEVALUATION}, whose
 * identifiers are below the runner's.
 */
@Component(service = TierReevaluation.class)
public class TierReevaluationImpl implements TierReevaluation {

    private final JobRunner runner;
    private final EntityManagerFactory emf;

    @Activate
    public TierReevaluationImpl(@Reference JobRunner runner,
            @Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf) {
        this.runner = runner;
        this.emf = emf;
    }

    @Override
    public ReevaluationJob start(String actor) {
        try {
            return of(runner.start(TierReevaluationPages.KIND, actor));
        } catch (JobRunningException running) {
            // One runs at a time: the one running is the job asked for.
            return running.running().map(TierReevaluationImpl::of).orElseThrow(() -> running);
        }
    }

    @Override
    public ReevaluationJob resume(long jobId, String actor) {
        if (runnerJob(jobId).isEmpty()) {
            throw new IllegalArgumentException(formerJob(jobId).map(j -> "re-evaluation job " + jobId + " ran before the "
                    + "job runner and cannot be resumed; start a new one").orElse("there is no re-evaluation job " + jobId));
        }
        try {
            return of(runner.resume(jobId, actor));
        } catch (JobRunningException e) {
            throw new IllegalArgumentException("a tier re-evaluation job is running; re-evaluation job " + jobId
                    + " can be resumed once it ended", e);
        }
    }

    @Override
    public Optional<ReevaluationJob> job(long jobId) {
        Optional<ReevaluationJob> job = runnerJob(jobId).map(TierReevaluationImpl::of);
        return job.isPresent() ? job : formerJob(jobId);
    }

    @Override
    public List<ReevaluationJob> jobs(int limit) {
        int most = Math.max(1, limit);
        List<ReevaluationJob> jobs = new ArrayList<>(runner.jobs(TierReevaluationPages.KIND, most).stream()
                .map(TierReevaluationImpl::of).toList());
        if (jobs.size() < most) {
            int more = most - jobs.size();
            jobs.addAll(Transactions.read(emf, em -> em.createQuery("select j from ReevaluationJobEntity j "
                    + "order by j.id desc", ReevaluationJobEntity.class).setMaxResults(more).getResultList().stream()
                    .map(ReevaluationJobEntity::toJob).toList()));
        }
        return jobs;
    }

    private Optional<Job> runnerJob(long id) {
        return runner.job(id).filter(j -> j.kind().equals(TierReevaluationPages.KIND));
    }

    private Optional<ReevaluationJob> formerJob(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ReevaluationJobEntity.class, id))
                .map(ReevaluationJobEntity::toJob));
    }

    /** The runner's job in the loyalty API's shape; a cancelled job is one that failed, its error saying who cancelled. */
    static ReevaluationJob of(Job job) {
        State state = switch (job.state()) {
            case RUNNING -> State.RUNNING;
            case DONE -> State.DONE;
            case INTERRUPTED -> State.INTERRUPTED;
            case FAILED, CANCELLED -> State.FAILED;
        };
        return new ReevaluationJob(job.id(), state, job.actor(), job.startedAt(), job.finishedAt(), job.total(),
                job.done(), job.changed(), job.error());
    }
}

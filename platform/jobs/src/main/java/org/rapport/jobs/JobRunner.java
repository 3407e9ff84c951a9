package org.rapport.jobs;

import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs the {@link JobKind}s registered as services: at most one run of a kind at a time across all
 * nodes sharing the database, each on a thread of the node that holds the kind's cluster lock, its
 * state and cursor stored after every page. A run whose node died is gone on with from its cursor by
 * the next node to look (every few seconds).
 */
@ProviderType
public interface JobRunner {

    /**
     * Starts a run of {@code kind}.
     *
     * @param actor who asked, kept with the run
     * @throws IllegalArgumentException if no such kind is registered
     * @throws JobRunningException if a run of the kind is running or starting, on any node
     */
    default Job start(String kind, String actor) {
        return start(kind, actor, null);
    }

    /**
     * Starts a run of {@code kind} about {@code subject}, for a kind whose runs each work on their
     * own (a contact import, on its upload): the kind reads it from {@link Job#subject()}. Runs of a
     * kind still go one at a time, whatever their subjects.
     *
     * @param subject at most 200 characters, or null
     * @throws IllegalArgumentException if no such kind is registered, or the subject is too long
     * @throws JobRunningException if a run of the kind is running or starting, on any node
     */
    Job start(String kind, String actor, String subject);

    /**
     * Goes on with a failed or interrupted run from its cursor.
     *
     * @return the run as it is when it goes on (running); a short run may have ended by the time
     *         this returns, so look it up again for its end
     * @throws IllegalArgumentException if there is no such run or it is not failed or interrupted
     * @throws JobRunningException if another run of the kind is running
     */
    Job resume(long id, String actor);

    /**
     * Stops a running or interrupted run: the page running now ends, and no other starts. Any node
     * may cancel a run of any node.
     *
     * @throws IllegalArgumentException if there is no such run or it has ended
     */
    Job cancel(long id, String actor);

    Optional<Job> job(long id);

    /** The newest runs first, of one kind or, with {@code kind} null, of every kind. */
    List<Job> jobs(String kind, int limit);

    /**
     * Moves {@code job} past {@code page} within the caller's own transaction, for a kind whose
     * page writes through JPA on the platform's database: the page's changes and the job's cursor
     * then commit together, and a page is never done twice (without it, the runner stores the
     * cursor after the page, and a node that dies in between leaves the page to be done again).
     * Call it last in the page's transaction, with the {@link Job} the page was asked for.
     */
    void record(EntityManager em, Job job, JobPage page);

    /**
     * {@link #record} on the runner a kind holds, for a kind that binds the runner after it
     * activates (optional and dynamic: the runner binds every kind as it activates, so a kind that
     * needed the runner to be constructed would make a cycle).
     *
     * @param runner the runner the kind holds now, perhaps none yet
     * @throws IllegalStateException when no runner is bound: the page's transaction rolls back
     */
    static void record(JobRunner runner, String kind, EntityManager em, Job job, JobPage page) {
        if (runner == null) {
            throw new IllegalStateException("the job runner is not bound to " + kind + " yet");
        }
        runner.record(em, job, page);
    }

    /** The kinds registered on this node. */
    List<JobKind> kinds();
}

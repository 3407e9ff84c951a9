package org.rapport.jobs.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;
import javax.persistence.Query;
import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.jobs.Job;
import org.rapport.jobs.Job.State;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.JobRunner;
import org.rapport.jobs.JobRunningException;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Cluster.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job runner over the database {@code rapport}. A run holds its kind's cluster lock (named
 * as the kind, so {@code loyalty.reevaluation} and {@code retention.sweep} are the locks those jobs
 * always took) from start to end; a run marked running while nobody holds the lock was left by a
 * node that died, and the next node to look goes on with it from its cursor.
 */
@Component(service = JobRunner.class)
public class JobRunnerImpl implements JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunnerImpl.class);
    private static final Duration LOOK_EVERY = Duration.ofSeconds(5);
    /** How long a stopping node or kind lets the page running now end, so no database call is cut short. */
    private static final Duration LET_PAGE_END = Duration.ofSeconds(60);

    private final JobStore store;
    private final Cluster cluster;
    private final Clock clock;
    private final Map<String, JobKind> kinds = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> runs = new ConcurrentHashMap<>();
    private final Executor workers;
    /** The pool runs go on, when the runner made it (not handed one by a test). */
    private final ExecutorService ownWorkers;
    private final ScheduledExecutorService looker;
    private volatile boolean stopping;

    @Activate
    public JobRunnerImpl(@Reference(target = "(osgi.jndi.service.name=rapport)") DataSource dataSource,
            @Reference Cluster cluster) {
        this(dataSource, cluster, Clock.systemUTC(), LOOK_EVERY);
    }

    /**
     * @param lookEvery how often runs whose node died are looked for; null for never (a test
     *                  calls {@link #takeOverOrphans()} itself)
     */
    public JobRunnerImpl(DataSource dataSource, Cluster cluster, Clock clock, Duration lookEvery) {
        this(dataSource, cluster, clock, lookEvery, null);
    }

    /**
     * @param workers where runs go; null for threads of the runner's own. A test may hand in
     *                {@code Runnable::run}: a run then goes to its end before the call that
     *                started it (start, resume, a takeover) returns.
     */
    public JobRunnerImpl(DataSource dataSource, Cluster cluster, Clock clock, Duration lookEvery, Executor workers) {
        this.ownWorkers = workers != null ? null : Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rapport-job");
            t.setDaemon(true);
            return t;
        });
        this.workers = workers != null ? workers : ownWorkers;
        this.store = new JobStore(dataSource);
        this.cluster = cluster;
        this.clock = clock;
        if (lookEvery == null) {
            looker = null;
        } else {
            looker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rapport-job-takeover");
                t.setDaemon(true);
                return t;
            });
            looker.scheduleWithFixedDelay(this::safeTakeOver, 0, lookEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addKind(JobKind kind) {
        JobKind before = kinds.putIfAbsent(kind.kind(), kind);
        if (before != null && before != kind) {
            LOG.error("Two job kinds are named '{}'; the second ({}) is ignored", kind.kind(), kind.getClass().getName());
        } else {
            kind.boundTo(this);
        }
    }

    /** The capability stops: its run ends its page and stops, left for another node or to be resumed. */
    public void removeKind(JobKind kind) {
        if (kinds.remove(kind.kind(), kind)) {
            awaitRun(kind.kind());
            kind.boundTo(null);
        }
    }

    /** Lets the pages running end, and starts no other; a test stops its runners with it too. */
    @Deactivate
    public void deactivate() {
        stopping = true;
        if (looker != null) {
            looker.shutdownNow();
        }
        if (ownWorkers == null) {
            return;
        }
        ownWorkers.shutdown();
        try {
            if (!ownWorkers.awaitTermination(LET_PAGE_END.toSeconds(), TimeUnit.SECONDS)) {
                ownWorkers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized Job start(String kindName, String actor, String subject) {
        JobKind kind = kind(kindName);
        if (subject != null && (subject.isEmpty() || subject.length() > 200)) {
            throw new IllegalArgumentException("a job's subject is 1 to 200 characters");
        }
        Lease lease = lock(kindName);
        try {
            // Holding the lock, a run marked running is one whose node died: go on with it instead.
            Optional<Job> orphan = store.running(kindName);
            if (orphan.isPresent()) {
                goOn(kind, orphan.get(), lease);
                throw new JobRunningException(kind.title() + " " + orphan.get().id() + " is running", orphan.get());
            }
            Job job = store.create(kindName, actor(actor), cluster.node(), now(),
                    subject == null ? kind.total() : kind.total(subject), subject);
            LOG.info("{} {} started by {}: {} item(s)", kind.title(), job.id(), job.actor(), job.total());
            submit(kind, job.id(), lease);
            return job;
        } catch (RuntimeException e) {
            if (!(e instanceof JobRunningException)) {
                lease.close();
            }
            throw e;
        }
    }

    @Override
    public synchronized Job resume(long id, String actor) {
        Job before = job(id).orElseThrow(() -> new IllegalArgumentException("there is no job " + id));
        if (before.state() != State.FAILED && before.state() != State.INTERRUPTED) {
            throw new IllegalArgumentException("job " + id + " is " + before.state()
                    + "; only an interrupted or failed job can be resumed");
        }
        JobKind kind = kind(before.kind());
        Lease lease = lock(before.kind());
        Job resumed;
        try {
            if (!store.move(id, State.RUNNING, null, null, State.FAILED, State.INTERRUPTED)) {
                throw new IllegalArgumentException("job " + id + " changed meanwhile; look again");
            }
            store.runOn(id, cluster.node(), actor(actor));
            // Read before the run goes on: a short run may end before this call returns.
            resumed = job(id).orElseThrow();
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        LOG.info("{} {} resumed by {} after {} of {} item(s)", kind.title(), id, actor(actor), before.done(), before.total());
        submit(kind, id, lease);
        return resumed;
    }

    @Override
    public Job cancel(long id, String actor) {
        if (!store.move(id, State.CANCELLED, now(), "cancelled by " + actor(actor), State.RUNNING, State.INTERRUPTED)) {
            throw new IllegalArgumentException(job(id).map(j -> "job " + id + " is " + j.state() + "; only a running or "
                    + "interrupted job can be cancelled").orElse("there is no job " + id));
        }
        LOG.info("Job {} cancelled by {}", id, actor(actor));
        return job(id).orElseThrow();
    }

    @Override
    public Optional<Job> job(long id) {
        return store.find(id);
    }

    @Override
    public List<Job> jobs(String kind, int limit) {
        return store.newest(kind, limit);
    }

    @Override
    public void record(EntityManager em, Job job, JobPage page) {
        Query progress = em.createNativeQuery(JobStore.PROGRESS);
        Object[] params = {page.cursor(), page.done(), page.changed(), JobStore.counts(job, page), job.id(),
            State.RUNNING.name()};
        for (int i = 0; i < params.length; i++) {
            progress.setParameter(i + 1, params[i]);
        }
        // No row when the job was cancelled meanwhile: the page commits, and the runner stops after it.
        progress.executeUpdate();
    }

    @Override
    public List<JobKind> kinds() {
        return kinds.values().stream().sorted(Comparator.comparing(JobKind::kind)).toList();
    }

    /** Goes on, here, with each run marked running whose node died (nobody holds its kind's lock). */
    public void takeOverOrphans() {
        for (JobKind kind : kinds.values()) {
            cluster.takeOver(kind.kind(), () -> store.running(kind.kind())).ifPresent(orphan -> {
                LOG.warn("{} {} was left running by node '{}', which stopped; node '{}' goes on with it after {} of {} "
                        + "item(s)", kind.title(), orphan.job().id(), orphan.job().node(), cluster.node(),
                        orphan.job().done(), orphan.job().total());
                goOn(kind, orphan.job(), orphan.lease());
            });
        }
    }

    private void safeTakeOver() {
        try {
            takeOverOrphans();
        } catch (RuntimeException e) {
            // A failed look would end the schedule: report it and look again next time.
            LOG.error("Looking for jobs left running failed", e);
        }
    }

    private void goOn(JobKind kind, Job orphan, Lease lease) {
        store.runOn(orphan.id(), cluster.node(), orphan.actor());
        submit(kind, orphan.id(), lease);
    }

    private void submit(JobKind kind, long id, Lease lease) {
        try {
            runs.put(kind.kind(), CompletableFuture.runAsync(new PageLoop(kind, id, lease, store, clock, cluster.shared(),
                    () -> stopping || kinds.get(kind.kind()) != kind), workers));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private void awaitRun(String kind) {
        CompletableFuture<Void> run = runs.remove(kind);
        if (run != null) {
            try {
                run.get(LET_PAGE_END.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("The run of '{}' did not stop in {} s", kind, LET_PAGE_END.toSeconds(), e);
            }
        }
    }

    /**
     * The kind's lock. Refused while a run of the kind is marked running on a live node; a run
     * lets go of the lock just after it is marked ended, so with none running the lock is about to
     * be free, and it is tried again for a moment.
     */
    private Lease lock(String kind) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Optional<Lease> lease = cluster.tryLock(kind);
            if (lease.isPresent()) {
                return lease.get();
            }
            Optional<Job> running = store.running(kind);
            if (running.isPresent()) {
                throw new JobRunningException("job " + running.get().id() + " (" + kind + ") is running on node '"
                        + running.get().node() + "'", running.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new JobRunningException("a job of " + kind + " is starting on another node", null);
    }

    private JobKind kind(String name) {
        JobKind kind = kinds.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("there is no job kind '" + name + "'; kinds: " + kinds.keySet());
        }
        return kind;
    }

    private static String actor(String actor) {
        return actor == null || actor.isBlank() ? "system" : actor;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

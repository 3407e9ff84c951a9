package org.rapport.retention.impl;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Cluster.Lease;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.retention.api.RetentionSweep;
import org.rapport.retention.api.SweepRun;
import org.rapport.retention.facts.CustomerActivity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps run on one background thread, a page of customers at a time, in the order of their
 * contact ids; each page is evaluated in one go and its progress saved, so a sweep that stopped
 * goes on from the last saved page.
 *
 * <p>One sweep runs at a time across all nodes sharing the database: the node that runs it holds
 * the cluster lock {@value #LOCK}. A sweep still marked running while nobody holds the lock was
 * left by a node that died; the next node to look (every few seconds, and at start) goes on with
 * it. A sweep stopped with its server is marked interrupted when no other node shares the
 * database, and left running for another node to go on with when one may.
 */
@Component(service = RetentionSweep.class)
public class RetentionSweepImpl implements RetentionSweep {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweepImpl.class);
    static final int PAGE = 200;
    static final String LOCK = "retention.sweep";
    private static final long LOOK_EVERY_MILLIS = 5_000;

    private final EntityManagerFactory emf;
    private final RetentionServiceImpl retention;
    private final Clock clock;
    private final Executor worker;
    private final Cluster cluster;
    private volatile boolean stopping;

    @Activate
    public RetentionSweepImpl(@Reference(target = "(osgi.unit.name=rapport-retention)") EntityManagerFactory emf,
            @Reference RetentionServiceImpl retention, @Reference Cluster cluster) {
        this(emf, retention, Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-retention-sweep");
            t.setDaemon(true);
            return t;
        }), cluster);
        ((ScheduledExecutorService) worker).scheduleWithFixedDelay(this::adoptOrphan, 0, LOOK_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** @param worker where sweeps run; a thread of their own in the server */
    RetentionSweepImpl(EntityManagerFactory emf, RetentionServiceImpl retention, Clock clock, Executor worker,
            Cluster cluster) {
        this.emf = emf;
        this.retention = retention;
        this.clock = clock;
        this.worker = worker;
        this.cluster = cluster;
    }

    /** Goes on, here, with a sweep marked running that no node runs: its node died. */
    void adoptOrphan() {
        try {
            cluster.takeOver(LOCK, this::running).ifPresent(orphan -> {
                LOG.warn("Retention sweep {} was left running by a node that stopped; node '{}' goes on with it after {} "
                        + "of {} customer(s)", orphan.job().id(), cluster.node(), orphan.job().evaluated(),
                        orphan.job().total());
                sweep(orphan.job().id(), orphan.lease());
            });
        } catch (RuntimeException e) {
            // A failed task would end the schedule: report it and look again next time.
            LOG.error("Looking for a retention sweep left running failed", e);
        }
    }

    private Optional<SweepRun> running() {
        return runs(20).stream().filter(r -> r.status() == SweepRun.Status.RUNNING).findFirst();
    }

    @Deactivate
    /**
     * Lets a running sweep finish its page and stop there, marked interrupted; no interrupt in the
     * middle of a database call, which would close Derby's connection.
     */
    void stop() {
        stopping = true;
        if (worker instanceof ExecutorService service) {
            service.shutdown();
            try {
                if (!service.awaitTermination(60, TimeUnit.SECONDS)) {
                    service.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized SweepRun start(String requester) {
        Lease lease = lock();
        SweepRun run;
        try {
            long total = retention.customers();
            run = Transactions.inTransaction(emf, em -> {
                SweepRunEntity entity = new SweepRunEntity(Columns.clip(requester, 120), clock.instant(), total);
                em.persist(entity);
                em.flush();
                return entity.toRun();
            });
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        LOG.info("Retention sweep {} started by {}: {} customer(s)", run.id(), requester, run.total());
        worker.execute(() -> sweep(run.id(), lease));
        return run;
    }

    /**
     * The sweeps' lock, refused while a sweep runs; holding it, a sweep marked running is one
     * whose node died, and it is refused too until a node has gone on with it.
     */
    private Lease lock() {
        Lease lease = cluster.tryLock(LOCK).orElse(null);
        try {
            refuseIfRunning();
        } catch (IllegalStateException running) {
            if (lease != null) {
                lease.close();
            }
            throw running;
        }
        if (lease == null) {
            throw new IllegalStateException("a sweep is starting on another node");
        }
        return lease;
    }

    @Override
    public synchronized SweepRun resume(long id, String requester) {
        SweepRun before = run(id).orElseThrow(() -> new IllegalArgumentException("sweep " + id + " does not exist"));
        if (before.status() == SweepRun.Status.RUNNING || before.status() == SweepRun.Status.DONE) {
            throw new IllegalStateException("sweep " + id + " is " + before.status().name().toLowerCase()
                    + "; only an interrupted or failed sweep can be resumed");
        }
        Lease lease = lock();
        SweepRun run;
        try {
            run = Transactions.inTransaction(emf, em -> {
                SweepRunEntity entity = em.find(SweepRunEntity.class, id);
                entity.status = SweepRun.Status.RUNNING;
                entity.error = null;
                entity.finishedAt = null;
                return entity.toRun();
            });
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        LOG.info("Retention sweep {} resumed by {} after {} of {} customer(s)", id, requester, run.evaluated(), run.total());
        worker.execute(() -> sweep(id, lease));
        return run;
    }

    private void refuseIfRunning() {
        Optional<SweepRun> running = running();
        if (running.isPresent()) {
            throw new IllegalStateException("sweep " + running.get().id() + " is running (" + running.get().evaluated()
                    + " of " + running.get().total() + ")");
        }
    }

    /** Runs a sweep to its end on the calling thread, then lets go of the lock; returns its final state. */
    SweepRun sweep(long id, Lease lease) {
        String who = "retention sweep " + id;
        try {
            while (!stopping) {
                long last = Transactions.read(emf, em -> em.find(SweepRunEntity.class, id).lastContactId);
                List<CustomerActivity> page = retention.activitiesAfter(last, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                RetentionServiceImpl.Applied applied = retention.evaluateAll(page, who);
                long newLast = page.get(page.size() - 1).getContactId();
                Transactions.run(emf, em -> {
                    SweepRunEntity run = em.find(SweepRunEntity.class, id);
                    run.lastContactId = newLast;
                    run.evaluated += page.size();
                    run.opened += applied.opened().size();
                    run.closed += applied.closed();
                });
            }
            if (stopping && cluster.shared()) {
                LOG.info("Retention sweep {} stopped with node '{}'; another node goes on with it", id, cluster.node());
                return run(id).orElseThrow();
            }
            return finish(id, stopping ? SweepRun.Status.INTERRUPTED : SweepRun.Status.DONE, null);
        } catch (RuntimeException e) {
            LOG.error("Retention sweep {} failed; retention:sweep --resume {} goes on from the last page", id, id, e);
            return finish(id, SweepRun.Status.FAILED, e.toString());
        } finally {
            lease.close();
        }
    }

    private SweepRun finish(long id, SweepRun.Status status, String error) {
        SweepRun run = Transactions.inTransaction(emf, em -> {
            SweepRunEntity entity = em.find(SweepRunEntity.class, id);
            entity.status = status;
            entity.finishedAt = clock.instant();
            entity.error = error == null ? null : Columns.clip(error, 1000);
            return entity.toRun();
        });
        LOG.info("Retention sweep {} {}: {} customer(s) evaluated, {} episode(s) opened, {} closed", id,
                status.name().toLowerCase(), run.evaluated(), run.opened(), run.closed());
        return run;
    }

    @Override
    public Optional<SweepRun> run(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(SweepRunEntity.class, id)).map(SweepRunEntity::toRun));
    }

    @Override
    public List<SweepRun> runs(int limit) {
        return Transactions.read(emf, em -> em.createQuery("select s from SweepRunEntity s order by s.id desc",
                SweepRunEntity.class).setMaxResults(Math.max(1, limit)).getResultStream().map(SweepRunEntity::toRun).toList());
    }
}

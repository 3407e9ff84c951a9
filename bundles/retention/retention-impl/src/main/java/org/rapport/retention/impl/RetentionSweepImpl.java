package org.rapport.retention.impl;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
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
 * goes on from the last saved page. Sweeps found running at start were cut short by a stop of
 * the server: they are marked interrupted.
 */
@Component(service = RetentionSweep.class)
public class RetentionSweepImpl implements RetentionSweep {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweepImpl.class);
    static final int PAGE = 200;

    private final EntityManagerFactory emf;
    private final RetentionServiceImpl retention;
    private final Clock clock;
    private final Executor worker;
    private volatile boolean stopping;

    @Activate
    public RetentionSweepImpl(@Reference(target = "(osgi.unit.name=rapport-retention)") EntityManagerFactory emf,
            @Reference RetentionServiceImpl retention) {
        this(emf, retention, Clock.systemUTC(), Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rapport-retention-sweep");
            t.setDaemon(true);
            return t;
        }));
    }

    /** @param worker where sweeps run; a thread of their own in the server */
    RetentionSweepImpl(EntityManagerFactory emf, RetentionServiceImpl retention, Clock clock, Executor worker) {
        this.emf = emf;
        this.retention = retention;
        this.clock = clock;
        this.worker = worker;
        int interrupted = Transactions.inTransaction(emf, em -> em.createQuery("update SweepRunEntity s set s.status = "
                + ":interrupted where s.status = :running").setParameter("interrupted", SweepRun.Status.INTERRUPTED)
                .setParameter("running", SweepRun.Status.RUNNING).executeUpdate());
        if (interrupted > 0) {
            LOG.warn("{} retention sweep(s) were cut short by a stop; retention:sweep --resume goes on with them", interrupted);
        }
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
        refuseIfRunning();
        long total = retention.customers();
        SweepRun run = Transactions.inTransaction(emf, em -> {
            SweepRunEntity entity = new SweepRunEntity(Columns.clip(requester, 120), clock.instant(), total);
            em.persist(entity);
            em.flush();
            return entity.toRun();
        });
        LOG.info("Retention sweep {} started by {}: {} customer(s)", run.id(), requester, total);
        worker.execute(() -> sweep(run.id()));
        return run;
    }

    @Override
    public synchronized SweepRun resume(long id, String requester) {
        SweepRun before = run(id).orElseThrow(() -> new IllegalArgumentException("sweep " + id + " does not exist"));
        if (before.status() == SweepRun.Status.RUNNING || before.status() == SweepRun.Status.DONE) {
            throw new IllegalStateException("sweep " + id + " is " + before.status().name().toLowerCase()
                    + "; only an interrupted or failed sweep can be resumed");
        }
        refuseIfRunning();
        SweepRun run = Transactions.inTransaction(emf, em -> {
            SweepRunEntity entity = em.find(SweepRunEntity.class, id);
            entity.status = SweepRun.Status.RUNNING;
            entity.error = null;
            entity.finishedAt = null;
            return entity.toRun();
        });
        LOG.info("Retention sweep {} resumed by {} after {} of {} customer(s)", id, requester, run.evaluated(), run.total());
        worker.execute(() -> sweep(id));
        return run;
    }

    private void refuseIfRunning() {
        Optional<SweepRun> running = runs(20).stream().filter(r -> r.status() == SweepRun.Status.RUNNING).findFirst();
        if (running.isPresent()) {
            throw new IllegalStateException("sweep " + running.get().id() + " is running (" + running.get().evaluated()
                    + " of " + running.get().total() + ")");
        }
    }

    /** Runs a sweep to its end on the calling thread; returns its final state. */
    SweepRun sweep(long id) {
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
            return finish(id, stopping ? SweepRun.Status.INTERRUPTED : SweepRun.Status.DONE, null);
        } catch (RuntimeException e) {
            LOG.error("Retention sweep {} failed; retention:sweep --resume {} goes on from the last page", id, id, e);
            return finish(id, SweepRun.Status.FAILED, e.toString());
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

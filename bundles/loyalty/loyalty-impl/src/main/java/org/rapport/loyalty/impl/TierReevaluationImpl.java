package org.rapport.loyalty.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rapport.loyalty.api.ReevaluationJob;
import org.rapport.loyalty.api.ReevaluationJob.State;
import org.rapport.loyalty.api.TierReevaluation;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Cluster.Lease;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tier re-evaluation jobs in the background. A page of members is locked, read and
 * evaluated in one rules call, and the members whose tier or grace period changes are updated,
 * in the same transaction that moves the job's cursor past the page. Two pages are evaluated at
 * once, on two threads; they commit in page order.
 *
 * <p>One job runs at a time across all nodes sharing the database: the node that runs it holds
 * the cluster lock {@value #LOCK}. A job still marked running while nobody holds the lock was
 * left by a node that died; the next node to look (every few seconds, and at start) goes on with
 * it from its cursor.
 */
@Component(service = TierReevaluation.class)
public class TierReevaluationImpl implements TierReevaluation {

    private static final Logger LOG = LoggerFactory.getLogger(TierReevaluationImpl.class);
    static final int PAGE = 1000;
    /** Pages evaluated at once, each in a transaction of its own; they commit in page order. */
    static final int PAGES_AT_ONCE = 2;
    private static final int ATTEMPTS = 5;
    static final String LOCK = "loyalty.reevaluation";
    private static final Duration LOOK_EVERY = Duration.ofSeconds(5);

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger decisionLedger;
    private final Clock clock;
    private final Cluster cluster;
    private final ScheduledExecutorService worker;
    private final int pageSize;
    private volatile boolean stopping;

    @Activate
    public TierReevaluationImpl(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger decisionLedger, @Reference Cluster cluster) {
        this(emf, rules, decisionLedger, cluster, Clock.systemUTC(), PAGE);
    }

    TierReevaluationImpl(EntityManagerFactory emf, RulesEngine rules, DecisionLedger decisionLedger, Cluster cluster,
            Clock clock, int pageSize) {
        this.emf = emf;
        this.pageSize = pageSize;
        this.rules = rules;
        this.decisionLedger = decisionLedger;
        this.clock = clock;
        this.cluster = cluster;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-loyalty-reevaluation");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::adoptOrphan, 0, LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Goes on, here, with a job marked running that no node runs: its node died. */
    private void adoptOrphan() {
        try {
            cluster.takeOver(LOCK, this::running).ifPresent(orphan -> {
                LOG.warn("Tier re-evaluation job {} was left running by a node that stopped; node '{}' goes on with it "
                        + "after {} of {} members", orphan.job().id(), cluster.node(), orphan.job().evaluated(),
                        orphan.job().total());
                run(orphan.job().id(), orphan.lease());
            });
        } catch (RuntimeException e) {
            // A failed task would end the schedule: report it and look again next time.
            LOG.error("Looking for a re-evaluation job left running failed", e);
        }
    }

    private Optional<ReevaluationJob> running() {
        return jobs(1).stream().filter(j -> j.state() == State.RUNNING).findFirst();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopping = true;
        worker.shutdown();
        if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
            worker.shutdownNow();
        }
    }

    @Override
    public synchronized ReevaluationJob start(String actor) {
        Optional<Lease> lease = cluster.tryLock(LOCK);
        // A job lets go of the lock just after it is marked done: with none running, the lock is
        // about to be free (or another node's job is about to show), so look again for a moment.
        for (int attempt = 0; lease.isEmpty() && attempt < 50 && running().isEmpty(); attempt++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lease = cluster.tryLock(LOCK);
        }
        if (lease.isEmpty()) {
            return running().orElseThrow(() -> new IllegalStateException(
                    "a tier re-evaluation job is starting on another node"));
        }
        Lease held = lease.get();
        try {
            // Holding the lock, a job marked running is one whose node died: it is the job to go on with.
            Optional<ReevaluationJob> orphan = running();
            ReevaluationJob job = orphan.orElseGet(() -> Transactions.inTransaction(emf, em -> {
                long total = em.createQuery("select count(m) from MemberEntity m", Long.class).getSingleResult();
                ReevaluationJobEntity entity = new ReevaluationJobEntity(actor(actor), now(), total);
                em.persist(entity);
                em.flush();
                return entity.toJob();
            }));
            worker.execute(() -> run(job.id(), held));
            return job;
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    @Override
    public synchronized ReevaluationJob resume(long jobId, String actor) {
        Lease lease = cluster.tryLock(LOCK).orElseThrow(() -> new IllegalArgumentException(
                "a tier re-evaluation job is running; re-evaluation job " + jobId + " can be resumed once it ended"));
        ReevaluationJob job;
        try {
            job = resumable(jobId, actor);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        worker.execute(() -> run(jobId, lease));
        return job;
    }

    private ReevaluationJob resumable(long jobId, String actor) {
        return Transactions.inTransaction(emf, em -> {
            ReevaluationJobEntity entity = em.find(ReevaluationJobEntity.class, jobId);
            if (entity == null) {
                throw new IllegalArgumentException("there is no re-evaluation job " + jobId);
            }
            if (entity.state() != State.INTERRUPTED && entity.state() != State.FAILED) {
                throw new IllegalArgumentException("re-evaluation job " + jobId + " is " + entity.state()
                        + "; only an interrupted or failed job can be resumed");
            }
            entity.resume(actor(actor));
            return entity.toJob();
        });
    }

    @Override
    public Optional<ReevaluationJob> job(long jobId) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ReevaluationJobEntity.class, jobId))
                .map(ReevaluationJobEntity::toJob));
    }

    @Override
    public List<ReevaluationJob> jobs(int limit) {
        return Transactions.read(emf, em -> em.createQuery("select j from ReevaluationJobEntity j order by j.id desc",
                ReevaluationJobEntity.class).setMaxResults(Math.max(1, limit)).getResultList().stream()
                .map(ReevaluationJobEntity::toJob).toList());
    }

    /**
     * Runs job {@code jobId} from its cursor to the end, a page per transaction, and then lets go
     * of the lock. {@value #PAGES_AT_ONCE} pages are evaluated at once, each on a thread of its
     * own, and they write and commit in page order: a page applies its changes and moves the job's
     * cursor only after the page before it committed, so the cursor always follows pages that are
     * all done. Stopped on the way, the job is left for another node sharing the database to go on
     * with, or, with a database of this node's own, marked interrupted for an administrator.
     */
    void run(long jobId, Lease lease) {
        ExecutorService pages = Executors.newFixedThreadPool(PAGES_AT_ONCE, r -> {
            Thread t = new Thread(r, "rapport-loyalty-reevaluation-page");
            t.setDaemon(true);
            return t;
        });
        try {
            long after = Transactions.read(emf, em -> em.find(ReevaluationJobEntity.class, jobId).afterContact());
            // The pages being evaluated, oldest first; each waits for the one before it to commit.
            Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
            inFlight.add(CompletableFuture.completedFuture(null));
            boolean more = true;
            while (more && !stopping) {
                long from = after;
                List<Long> ids = Transactions.read(emf, em -> em.createQuery("select m.contactId from MemberEntity m "
                        + "where m.contactId > :after order by m.contactId", Long.class)
                        .setParameter("after", from).setMaxResults(pageSize).getResultList());
                more = !ids.isEmpty();
                if (more) {
                    long first = ids.get(0);
                    long last = ids.get(ids.size() - 1);
                    CompletableFuture<Void> before = inFlight.getLast();
                    inFlight.add(CompletableFuture.runAsync(() -> Transactions.retrying(emf, ATTEMPTS,
                            em -> page(em, jobId, first, last, before)), pages));
                    after = last;
                    if (inFlight.size() > PAGES_AT_ONCE) {
                        inFlight.removeFirst().join();
                    }
                }
            }
            inFlight.getLast().join();
            stop(pages);
            if (!more) {
                Transactions.run(emf, em -> em.find(ReevaluationJobEntity.class, jobId).finish(State.DONE, now(), null));
                LOG.info("Tier re-evaluation job {} finished", jobId);
            } else if (cluster.shared()) {
                LOG.info("Tier re-evaluation job {} stopped with node '{}'; another node goes on with it", jobId,
                        cluster.node());
            } else {
                Transactions.run(emf, em -> em.find(ReevaluationJobEntity.class, jobId)
                        .finish(State.INTERRUPTED, now(), "the loyalty bundle stopped while the job ran"));
            }
        } catch (RuntimeException e) {
            Throwable failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("Tier re-evaluation job {} failed", jobId, failure);
            // No page after the one that failed commits (each waits for the one before); let them end first.
            stop(pages);
            Transactions.run(emf, em -> em.find(ReevaluationJobEntity.class, jobId).finish(State.FAILED, now(),
                    failure.getMessage() == null ? failure.toString() : failure.getMessage()));
        } finally {
            stop(pages);
            lease.close();
        }
    }

    private static void stop(ExecutorService pages) {
        pages.shutdown();
        try {
            pages.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Evaluates the members with ids from {@code first} to {@code last}, then, once the page before
     * has committed, applies the changes and moves the job's cursor past them. The page's
     * members are locked for the transaction, as a booking locks its member, so a purchase that
     * arrives meanwhile waits for the page and is judged after it.
     */
    private Void page(EntityManager em, long jobId, long first, long last, CompletableFuture<Void> before) {
        // Derby takes no FOR UPDATE with ORDER BY: the page's bounds come first, then its rows, locked.
        List<MemberEntity> members = new ArrayList<>(em.createQuery("select m from MemberEntity m where m.contactId "
                + "between :first and :last", MemberEntity.class)
                .setParameter("first", first).setParameter("last", last)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
        members.sort(Comparator.comparingLong(MemberEntity::contactId));
        Instant now = now();
        List<MemberActivity> activities = List.of();
        Map<String, List<Decision>> bySubject = new HashMap<>();
        if (!members.isEmpty()) {
            activities = Activities.of(em, members, now);
            rules.evaluate(LoyaltyDecisions.RULE_PACKAGE, activities).decisions()
                    .forEach(d -> bySubject.computeIfAbsent(d.subject(), s -> new ArrayList<>()).add(d));
        }
        // Nothing is written before the page before has committed: a page that took an identifier
        // block holds the generator's row until it commits, and the page before may need one too.
        before.join();
        int changed = 0;
        // The page's decisions go to the ledger in one batch, as its changes go to the tables.
        List<DecisionLedger.Applied> applied = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            MemberEntity member = members.get(i);
            changed += Tiers.apply(em, applied, member, activities.get(i),
                    bySubject.getOrDefault(Long.toString(member.contactId()), List.of()), now) ? 1 : 0;
        }
        decisionLedger.recordAll(em, applied);
        em.find(ReevaluationJobEntity.class, jobId).progress(last, members.size(), changed);
        return null;
    }

    private static String actor(String actor) {
        return actor == null || actor.isBlank() ? "system" : actor;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

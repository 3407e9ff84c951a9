package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactService;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobRunner;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.api.DataRetentionService;
import org.rapport.privacy.api.LegalHold;
import org.rapport.privacy.spi.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-retention runs as jobs of the platform's runner (kinds {@value DataRetentionKind#RUN} and
 * {@value DataRetentionKind#PREVIEW}, {@link DataRetentionKind}): a run asked for here is started and
 * followed to its end, and its evidence, kept under the job's id, is the answer. Legal holds, which
 * exempt a contact's records from every run.
 */
@Component(service = DataRetentionService.class)
public class DataRetentionServiceImpl implements DataRetentionService {

    private static final Logger LOG = LoggerFactory.getLogger(DataRetentionServiceImpl.class);
    /** Runs stored before the job runner have ids below its first. */
    private static final long FIRST_JOB_ID = 1_000_000;
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private final EntityManagerFactory emf;
    private final JobRunner runner;
    private final ContactService contacts;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public DataRetentionServiceImpl(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf,
            @Reference JobRunner runner, @Reference ContactService contacts, @Reference AuditLog audit) {
        this(emf, runner, contacts, audit, Clock.systemUTC());
    }

    public DataRetentionServiceImpl(EntityManagerFactory emf, JobRunner runner, ContactService contacts, AuditLog audit,
            Clock clock) {
        this.emf = emf;
        this.runner = runner;
        this.contacts = contacts;
        this.audit = audit;
        this.clock = clock;
        // A run of a job is the runner's to go on with; one from before the runner, cut short, never ends.
        List<DataRetentionRunEntity> cut = Transactions.inTransaction(emf, em -> {
            List<DataRetentionRunEntity> running = em.createQuery("select r from DataRetentionRunEntity r where "
                    + "r.status = :s and r.id < :first", DataRetentionRunEntity.class).setParameter("s", "running")
                    .setParameter("first", FIRST_JOB_ID).getResultList();
            running.forEach(r -> r.end("interrupted", now()));
            return running;
        });
        for (DataRetentionRunEntity r : cut) {
            LOG.warn("Retention run {} was cut short by a stop; what it applied is in its evidence", r.id());
            audit.record("data retention", "retention.interrupted", "retention run " + r.id(), null,
                    summary(r.toRun()), null);
        }
    }

    /**
     * Starts a run (or a preview) on the runner and waits for its end.
     *
     * @throws org.rapport.jobs.JobRunningException if a run of the kind is running, on any node
     * @throws IllegalStateException if the run failed (what it applied is in its evidence; resume
     *         its job) or was cancelled
     */
    @Override
    public DataRetentionRun run(boolean dryRun, String actor) {
        Job job = runner.start(dryRun ? DataRetentionKind.PREVIEW : DataRetentionKind.RUN, actor);
        while (job.state() == Job.State.RUNNING) {
            try {
                Thread.sleep(LOOK_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped waiting for data-retention job " + job.id() + ", which goes on",
                        e);
            }
            long id = job.id();
            job = runner.job(id).orElseThrow(() -> new IllegalStateException("data-retention job " + id + " is gone"));
        }
        if (job.state() != Job.State.DONE) {
            throw new IllegalStateException(job.error() != null ? job.error()
                    : "data-retention job " + job.id() + " is " + job.state());
        }
        long id = job.id();
        return Transactions.read(emf, em -> em.find(DataRetentionRunEntity.class, id).toRun());
    }

    static String summary(DataRetentionRun run) {
        StringBuilder text = new StringBuilder(run.release());
        run.categories().forEach(c -> text.append("; ").append(c.category()).append(": ").append(c.examined())
                .append(" examined, ").append(c.held()).append(" held, ").append(c.deleted()).append(" deleted, ")
                .append(c.anonymized()).append(" anonymised"));
        return text.toString();
    }

    @Override
    public List<DataRetentionRun> runs(int limit) {
        return Transactions.read(emf, em -> em.createQuery("select r from DataRetentionRunEntity r order by r.id desc",
                DataRetentionRunEntity.class).setMaxResults(Math.max(1, Math.min(limit, 500))).getResultList().stream()
                .map(DataRetentionRunEntity::toRun).toList());
    }

    @Override
    public LegalHold hold(long contactId, String reason, String actor) {
        String why = Columns.required("reason", reason, 500);
        if (contacts.find(contactId).isEmpty()) {
            throw new IllegalArgumentException("contact " + contactId + " does not exist");
        }
        Instant now = now();
        LegalHold hold = Transactions.inTransaction(emf, em -> {
            LegalHoldEntity entity = em.find(LegalHoldEntity.class, contactId);
            if (entity == null) {
                entity = new LegalHoldEntity(contactId, why, Columns.clip(actor, 120), now);
                em.persist(entity);
            }
            return entity.toHold();
        });
        audit.record(actor, "privacy.hold", "contact " + contactId, null, "legal hold: " + hold.reason(), null);
        return hold;
    }

    @Override
    public boolean release(long contactId, String actor) {
        boolean released = Transactions.inTransaction(emf, em -> {
            LegalHoldEntity entity = em.find(LegalHoldEntity.class, contactId);
            if (entity == null) {
                return false;
            }
            em.remove(entity);
            return true;
        });
        if (released) {
            audit.record(actor, "privacy.hold-release", "contact " + contactId, "legal hold", null, null);
        }
        return released;
    }

    @Override
    public List<LegalHold> holds() {
        return Transactions.read(emf, em -> em.createQuery("select h from LegalHoldEntity h order by h.placedAt",
                LegalHoldEntity.class).getResultList().stream().map(LegalHoldEntity::toHold).toList());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

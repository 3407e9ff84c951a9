package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.contacts.api.ContactService;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.api.DataRetentionService;
import org.rapport.privacy.api.LegalHold;
import org.rapport.privacy.facts.DataRetentionDecisions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.privacy.spi.DataRetentionSource;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention runs: every registered {@link DataRetentionSource}'s records, a batch at a time, marked
 * with their contact's legal hold, are evaluated by the active {@code privacy} rules; the
 * records the rules decide to delete or anonymise are handed back to their source, unless a
 * legal hold protects them (whatever a rule says). A dry run counts and changes nothing. Each
 * run's counts are kept as evidence, and the run is in the audit log.
 */
@Component(service = DataRetentionService.class)
public class DataRetentionServiceImpl implements DataRetentionService {

    private static final Logger LOG = LoggerFactory.getLogger(DataRetentionServiceImpl.class);
    static final int BATCH = 500;

    private final List<DataRetentionSource> sources = new CopyOnWriteArrayList<>();
    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final ContactService contacts;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public DataRetentionServiceImpl(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference ContactService contacts, @Reference AuditLog audit) {
        this(emf, rules, contacts, audit, Clock.systemUTC());
    }

    DataRetentionServiceImpl(EntityManagerFactory emf, RulesEngine rules, ContactService contacts, AuditLog audit,
            Clock clock) {
        this.emf = emf;
        this.rules = rules;
        this.contacts = contacts;
        this.audit = audit;
        this.clock = clock;
        List<DataRetentionRunEntity> cut = Transactions.inTransaction(emf, em -> {
            List<DataRetentionRunEntity> running = em.createQuery("select r from DataRetentionRunEntity r where r.status = :s",
                    DataRetentionRunEntity.class).setParameter("s", "running").getResultList();
            running.forEach(r -> r.end("interrupted", now()));
            return running;
        });
        for (DataRetentionRunEntity r : cut) {
            LOG.warn("Retention run {} was cut short by a stop; what it applied is in its evidence", r.id());
            audit.record("data retention", "retention.interrupted", "retention run " + r.id(), null,
                    summary(r.toRun()), null);
        }
    }

    /** Binds a source; public for the tests of the bundles that provide sources, outside a container. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSource(DataRetentionSource source) {
        sources.add(source);
    }

    void removeSource(DataRetentionSource source) {
        sources.remove(source);
    }

    @Override
    public synchronized DataRetentionRun run(boolean dryRun, String actor) {
        Instant started = now();
        Set<Long> held = heldContacts();
        long id = Transactions.inTransaction(emf, em -> {
            DataRetentionRunEntity evidence = new DataRetentionRunEntity(dryRun, actor, started);
            em.persist(evidence);
            em.flush();
            return evidence.id();
        });
        List<DataRetentionRun.Category> categories = new ArrayList<>();
        String[] release = {"none"};
        List<DataRetentionSource> ordered = new ArrayList<>(sources);
        ordered.sort(Comparator.comparing(DataRetentionSource::category));
        try {
            for (DataRetentionSource source : ordered) {
                long[] counts = new long[4];
                categories.add(new DataRetentionRun.Category(source.category(), 0, 0, 0, 0));
                source.forEachBatch(BATCH, batch -> {
                    applyBatch(source, batch, held, dryRun, counts, release);
                    categories.set(categories.size() - 1, new DataRetentionRun.Category(source.category(), counts[0],
                            counts[1], counts[2], counts[3]));
                    saveProgress(id, release[0], categories);
                });
                LOG.info("Retention {}{}: {} examined, {} on legal hold, {} deleted, {} anonymised", source.category(),
                        dryRun ? " (dry run)" : "", counts[0], counts[1], counts[2], counts[3]);
            }
        } catch (RuntimeException e) {
            DataRetentionRun failed = end(id, "failed", release[0], categories);
            audit.record(failed.actor(), "retention.failed", "retention run " + id, null, summary(failed) + "; " + e,
                    null);
            throw e;
        }
        DataRetentionRun run = end(id, "done", release[0], categories);
        audit.record(run.actor(), dryRun ? "retention.dry-run" : "retention.run", "retention run " + id, null,
                summary(run), null);
        return run;
    }

    /** Lets the rules decide on one batch of a source's records and applies what they decide. */
    private void applyBatch(DataRetentionSource source, List<StoredRecord> batch, Set<Long> held, boolean dryRun,
            long[] counts, String[] release) {
        List<StoredRecord> facts = new ArrayList<>(batch.size());
        Set<Long> protectedIds = new HashSet<>();
        for (StoredRecord r : batch) {
            boolean onHold = held.contains(r.getContactId());
            facts.add(r.withLegalHold(onHold));
            if (onHold) {
                protectedIds.add(r.getRecordId());
            }
        }
        Evaluation evaluation = rules.evaluate(DataRetentionDecisions.RULE_PACKAGE, facts);
        release[0] = evaluation.release().rulePackage() + " v" + evaluation.release().version();
        List<Long> delete = new ArrayList<>();
        List<Long> anonymize = new ArrayList<>();
        for (Decision d : evaluation.decisions()) {
            long id = Long.parseLong(d.subject());
            if (protectedIds.contains(id)) {
                continue;
            }
            if (d.type().equals(DataRetentionDecisions.DELETE)) {
                delete.add(id);
            } else if (d.type().equals(DataRetentionDecisions.ANONYMIZE) && !delete.contains(id)) {
                anonymize.add(id);
            }
        }
        anonymize.removeAll(delete);
        counts[0] += batch.size();
        counts[1] += protectedIds.size();
        counts[2] += dryRun ? delete.size() : source.delete(delete);
        counts[3] += dryRun ? anonymize.size() : source.anonymize(anonymize);
    }

    private void saveProgress(long id, String release, List<DataRetentionRun.Category> categories) {
        Transactions.run(emf, em -> em.find(DataRetentionRunEntity.class, id).progress(release, categories));
    }

    private DataRetentionRun end(long id, String outcome, String release, List<DataRetentionRun.Category> categories) {
        Instant now = now();
        return Transactions.inTransaction(emf, em -> {
            DataRetentionRunEntity evidence = em.find(DataRetentionRunEntity.class, id);
            evidence.progress(release, categories);
            evidence.end(outcome, now);
            return evidence.toRun();
        });
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

    private Set<Long> heldContacts() {
        return new HashSet<>(Transactions.read(emf, em -> em.createQuery("select h.contactId from LegalHoldEntity h",
                Long.class).getResultList()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

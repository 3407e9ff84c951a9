package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.JobRunner;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.facts.DataRetentionDecisions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.privacy.spi.DataRetentionSource;
import org.rapport.rest.Roles;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data retention as a kind of job of the platform's runner. A run goes through the sources in
 * category order, a page of {@value #BATCH} records at a time from its cursor ({@code category
 * lastRecordId}): the active {@code privacy} rules decide on the page, marked with their contacts'
 * legal holds, and the source deletes or anonymises what they name, unless a hold protects it. The
 * run's evidence (its counts per category, row {@code PRIVACY_RETENTION_RUN} of the job's id) and
 * the job's cursor commit together after the page, so a run taken over or resumed goes on after the
 * last page it finished (a page cut short before that is decided again on what is still there).
 * A dry run (a preview) counts and changes nothing. Ends, failures and previews are audited.
 */
abstract class DataRetentionKind implements JobKind {

    static final String RUN = "privacy.data-retention";
    static final String PREVIEW = "privacy.data-retention-preview";
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(DataRetentionKind.class);

    private final boolean dryRun;
    private final EntityManagerFactory emf;
    private final DataRetentionSources sources;
    private final RulesEngine rules;
    private final AuditLog audit;
    private final Clock clock;
    /** The runner that took this kind ({@link #boundTo}); never a service reference, which would make a cycle. */
    private volatile JobRunner runner;

    DataRetentionKind(boolean dryRun, EntityManagerFactory emf, DataRetentionSources sources, RulesEngine rules,
            AuditLog audit, Clock clock) {
        this.dryRun = dryRun;
        this.emf = emf;
        this.sources = sources;
        this.rules = rules;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return dryRun ? PREVIEW : RUN;
    }

    @Override
    public String title() {
        return dryRun ? "data-retention preview" : "data-retention run";
    }

    /** Analysts start and cancel previews; only administrators apply the rules. */
    @Override
    public Set<String> roles() {
        return dryRun ? Set.of(Roles.ANALYST) : Set.of();
    }

    @Override
    public Set<String> viewers() {
        return Set.of(Roles.ANALYST);
    }

    /** Not counted ahead: the sources are asked for their records a page at a time. */
    @Override
    public long total() {
        return 0;
    }

    @Override
    public void boundTo(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public Optional<JobPage> page(Job job, String cursor) {
        try {
            return next(job, cursor);
        } catch (RuntimeException e) {
            DataRetentionRun failed = end(job, "failed");
            audit.record(failed.actor(), "retention.failed", "retention run " + job.id(), null,
                    DataRetentionServiceImpl.summary(failed) + "; " + e, null);
            throw e;
        }
    }

    private Optional<JobPage> next(Job job, String cursor) {
        begin(job);
        String category = null;
        long after = -1;
        if (cursor != null) {
            int space = cursor.lastIndexOf(' ');
            category = cursor.substring(0, space);
            after = Long.parseLong(cursor.substring(space + 1));
        }
        for (DataRetentionSource source : sources.inOrder()) {
            int order = category == null ? 1 : source.category().compareTo(category);
            if (order < 0) {
                continue;
            }
            List<StoredRecord> records = source.page(order == 0 ? after : -1, BATCH);
            if (!records.isEmpty()) {
                return Optional.of(apply(job, source, records));
            }
        }
        DataRetentionRun run = end(job, "done");
        if (run != null) {
            audit.record(run.actor(), dryRun ? "retention.dry-run" : "retention.run", "retention run " + job.id(), null,
                    DataRetentionServiceImpl.summary(run), null);
            LOG.info("{} {}: {}", title(), job.id(), DataRetentionServiceImpl.summary(run));
        }
        return Optional.empty();
    }

    /** The run's evidence, from its first page on; running again when a failed run is resumed. */
    private void begin(Job job) {
        Transactions.run(emf, em -> {
            DataRetentionRunEntity evidence = em.find(DataRetentionRunEntity.class, job.id());
            if (evidence == null) {
                em.persist(new DataRetentionRunEntity(job.id(), dryRun, job.actor(), job.startedAt()));
            } else if (evidence.status().equals("failed")) {
                evidence.end("running", evidence.toRun().startedAt());
            }
        });
    }

    /** Lets the rules decide on one page of a source's records, applies it, and records the page with its evidence. */
    private JobPage apply(Job job, DataRetentionSource source, List<StoredRecord> records) {
        Set<Long> held = new HashSet<>(Transactions.read(emf, em -> em.createQuery(
                "select h.contactId from LegalHoldEntity h", Long.class).getResultList()));
        List<StoredRecord> facts = new ArrayList<>(records.size());
        Set<Long> protectedIds = new HashSet<>();
        for (StoredRecord r : records) {
            boolean onHold = held.contains(r.getContactId());
            facts.add(r.withLegalHold(onHold));
            if (onHold) {
                protectedIds.add(r.getRecordId());
            }
        }
        Evaluation evaluation = rules.evaluate(DataRetentionDecisions.RULE_PACKAGE, facts);
        String release = evaluation.release().rulePackage() + " v" + evaluation.release().version();
        List<Long> delete = new ArrayList<>();
        List<Long> anonymize = new ArrayList<>();
        for (Decision d : evaluation.decisions()) {
            long id = Long.parseLong(d.subject());
            if (protectedIds.contains(id)) {
                continue;
            }
            if (d.type().equals(DataRetentionDecisions.DELETE)) {
                delete.add(id);
            } else if (d.type().equals(DataRetentionDecisions.ANONYMIZE)) {
                anonymize.add(id);
            }
        }
        anonymize.removeAll(delete);
        long deleted = dryRun ? delete.size() : source.delete(delete);
        long anonymized = dryRun ? anonymize.size() : source.anonymize(anonymize);
        JobPage page = new JobPage(source.category() + " " + records.get(records.size() - 1).getRecordId(),
                records.size(), dryRun ? 0 : deleted + anonymized, Map.of("held", (long) protectedIds.size(), "deleted",
                deleted, "anonymised", anonymized));
        Transactions.run(emf, em -> {
            DataRetentionRunEntity evidence = em.find(DataRetentionRunEntity.class, job.id());
            List<DataRetentionRun.Category> categories = new ArrayList<>(evidence.toRun().categories());
            DataRetentionRun.Category before = categories.stream().filter(c -> c.category().equals(source.category()))
                    .findFirst().orElse(new DataRetentionRun.Category(source.category(), 0, 0, 0, 0));
            DataRetentionRun.Category now = new DataRetentionRun.Category(source.category(),
                    before.examined() + records.size(), before.held() + protectedIds.size(), before.deleted() + deleted,
                    before.anonymized() + anonymized);
            int at = categories.indexOf(before);
            if (at < 0) {
                categories.add(now);
            } else {
                categories.set(at, now);
            }
            evidence.progress(release, categories);
            JobRunner.record(runner, kind(), em, job, page);
        });
        return page;
    }

    /** Marks the evidence ended; null if it had ended already (a last page done again after a takeover). */
    private DataRetentionRun end(Job job, String outcome) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return Transactions.inTransaction(emf, em -> {
            DataRetentionRunEntity evidence = em.find(DataRetentionRunEntity.class, job.id());
            if (evidence == null) {
                evidence = new DataRetentionRunEntity(job.id(), dryRun, job.actor(), job.startedAt());
                em.persist(evidence);
            } else if (evidence.status().equals(outcome)) {
                return outcome.equals("done") ? null : evidence.toRun();
            }
            evidence.end(outcome, now);
            return evidence.toRun();
        });
    }
}

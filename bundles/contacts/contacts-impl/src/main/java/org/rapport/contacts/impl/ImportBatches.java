package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.FlushModeType;
import javax.persistence.PersistenceException;

import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the rows of an import a batch at a time, each batch with the import's progress and its
 * job's cursor in one transaction, so a resumed import starts after the last batch stored; a batch
 * the database refuses is stored again row by row, and the rows it still refuses are reported.
 */
final class ImportBatches {

    private static final int LOOKUP = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ImportBatches.class);

    /** A row that passed validation, waiting for its batch. */
    record Row(long number, ContactDetails details) {
    }

    private final EntityManagerFactory emf;
    private final Clock clock;

    ImportBatches(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    /**
     * Stores a batch and the import's progress in one transaction; row by row if the batch fails.
     *
     * @param progressed called last in the transaction that stores the progress, with the run's
     *                   counts after the batch (the job records its page there)
     */
    void store(List<Row> batch, long lastRow, CsvColumns columns, ImportOptions options, ImportRun run,
            String jobId, Consumer<EntityManager> progressed) {
        long before = run.created;
        long beforeUpdated = run.updated;
        long beforeUnchanged = run.unchanged;
        try {
            Transactions.inTransaction(emf, em -> {
                apply(em, batch, columns, options, run);
                run.lastRow = lastRow;
                em.find(ImportJobEntity.class, jobId).progress(run);
                progressed.accept(em);
                return null;
            });
        } catch (PersistenceException e) {
            run.created = before;
            run.updated = beforeUpdated;
            run.unchanged = beforeUnchanged;
            for (Row row : batch) {
                try {
                    Transactions.inTransaction(emf, em -> {
                        apply(em, List.of(row), columns, options, run);
                        return null;
                    });
                } catch (PersistenceException rowFailure) {
                    // The database's message quotes the row's values: the report and the log name the row only.
                    LOG.warn("Import {}: row {} could not be stored ({})", jobId, row.number(), rootCause(rowFailure));
                    run.fail(row.number(), columns.heading("email"), "the row could not be stored (" + rootCause(rowFailure)
                            + "); the other rows were");
                }
            }
            run.lastRow = lastRow;
            Transactions.run(emf, em -> {
                em.find(ImportJobEntity.class, jobId).progress(run);
                progressed.accept(em);
            });
        }
        batch.clear();
    }

    private void apply(EntityManager em, List<Row> rows, CsvColumns columns, ImportOptions options, ImportRun run) {
        if (rows.isEmpty()) {
            return;
        }
        // Addresses are looked up LOOKUP at a time: Derby probes the index for a short IN list but
        // scans the whole table for a long one. The rows of this batch are known here, so the
        // lookups do not flush, and the inserts go to the database in batches.
        Map<String, ContactEntity> existing = new HashMap<>();
        Map<Long, Contact> stored = new HashMap<>();
        List<String> emails = rows.stream().map(r -> r.details().email()).distinct().toList();
        for (int from = 0; from < emails.size(); from += LOOKUP) {
            List<ContactEntity> found = em.createQuery("select c from ContactEntity c where c.email in :emails",
                    ContactEntity.class).setFlushMode(FlushModeType.COMMIT)
                    .setParameter("emails", emails.subList(from, Math.min(emails.size(), from + LOOKUP))).getResultList();
            found.forEach(c -> existing.put(c.email(), c));
            ContactRows.withDetails(em, found, FlushModeType.COMMIT).forEach(c -> stored.put(c.id(), c));
        }
        Set<Long> accounts = accounts(em, rows);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (Row row : rows) {
            ContactEntity contact = existing.get(row.details().email());
            ContactDetails details = contact == null ? row.details() : columns.onto(stored.get(contact.id()), row.details());
            if (contact != null && contact.mergedInto() != null) {
                run.fail(row.number(), columns.heading("email"), "the contact with this address was merged into contact "
                        + contact.mergedInto() + "; import the row with that contact's address");
            } else if (details.accountId() != null && !accounts.contains(details.accountId())) {
                run.fail(row.number(), columns.heading("accountId"), "there is no account " + details.accountId());
            } else if (contact == null) {
                run.created++;
                if (!options.dryRun()) {
                    contact = new ContactEntity(details, now);
                    em.persist(contact);
                    long id = contact.id();
                    details.tags().forEach(tag -> em.persist(new ContactTagEntity(id, tag)));
                    details.properties().forEach((name, value) -> em.persist(new ContactPropertyEntity(id, name, value)));
                    existing.put(details.email(), contact);
                    stored.put(id, contact.toDto(details.tags(), details.properties()));
                }
            } else {
                Contact before = stored.get(contact.id());
                if (!options.updateExisting() || contact.same(details, before.tags(), before.properties())) {
                    run.unchanged++;
                } else {
                    run.updated++;
                    if (!options.dryRun()) {
                        contact.apply(details, now);
                        ContactServiceImpl.replaceTags(em, contact.id(), details.tags());
                        ContactServiceImpl.replaceProperties(em, contact.id(), details.properties());
                        stored.put(contact.id(), contact.toDto(details.tags(), details.properties()));
                    }
                }
            }
        }
    }

    /** Which of the accounts the rows name exist. */
    private static Set<Long> accounts(EntityManager em, List<Row> rows) {
        List<Long> named = rows.stream().map(r -> r.details().accountId()).filter(Objects::nonNull).distinct().toList();
        if (named.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery("select a.id from AccountEntity a where a.id in :ids", Long.class)
                .setFlushMode(FlushModeType.COMMIT).setParameter("ids", named).getResultList());
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}

package org.rapport.contacts.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport.State;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.JobRunner;
import org.rapport.persistence.Transactions;
import org.rapport.rest.Roles;
import org.rapport.rest.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contact imports as a kind of job of the platform's runner ({@value #KIND}): a run imports one
 * upload (its subject, the import's id), a page of {@value #BATCH} rows at a time, each page stored
 * whole with the import's report and the job's cursor ({@code row N}, the last row stored) in one
 * transaction. The upload is in the database, so a node that takes over a run whose node died, or
 * a run resumed, reads it again after the cursor; the node that runs an import keeps it open from
 * one page to the next. A malformed file (an unclosed quote) ends the import at its row, the rows
 * before it stored. Agents start imports (by handing in a file, never through the runner's REST
 * path), analysts and partner keys that may import see them too.
 */
@Component(service = JobKind.class)
public class ImportPages implements JobKind {

    static final String KIND = "contacts.import";
    static final int BATCH = 500;
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).build();
    private static final Logger LOG = LoggerFactory.getLogger(ImportPages.class);

    /** An upload open where the last page stopped. */
    private record Reading(String importId, CSVParser parser, Iterator<CSVRecord> records, CsvColumns columns) {
    }

    private final EntityManagerFactory emf;
    private final ContactProperties properties;
    private final Clock clock;
    private final ImportBatches batches;
    /** The runner that took this kind ({@link #boundTo}); never a service reference, which would make a cycle. */
    private volatile JobRunner runner;
    /** Owners are checked against the users when the user directory is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserService users;
    private Reading open;
    private long openAt;

    @Activate
    public ImportPages(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactProperties properties) {
        this(emf, properties, Clock.systemUTC());
    }

    public ImportPages(EntityManagerFactory emf, ContactProperties properties, Clock clock) {
        this.emf = emf;
        this.properties = properties;
        this.clock = clock;
        this.batches = new ImportBatches(emf, clock);
    }

    @Deactivate
    synchronized void close() {
        closeOpen();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String title() {
        return "contact import";
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.AGENT);
    }

    @Override
    public Set<String> viewers() {
        return Set.of(Roles.AGENT, Roles.ANALYST, Roles.PARTNER);
    }

    /** Imports start when a file is handed in ({@code contacts:import}, {@code POST /contacts/import}). */
    @Override
    public boolean startable() {
        return false;
    }

    @Override
    public long total() {
        return 0;
    }

    @Override
    public long total(String importId) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ImportJobEntity.class, importId))
                .map(ImportJobEntity::totalRows).orElse(0L));
    }

    @Override
    public Optional<Object> report(Job job) {
        return job.subject() == null ? Optional.empty() : Transactions.read(emf, em -> Optional.ofNullable(
                em.find(ImportJobEntity.class, job.subject())).map(i -> i.toReport(job)));
    }

    @Override
    public void boundTo(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public synchronized Optional<JobPage> page(Job job, String cursor) {
        ImportJobEntity entity = Transactions.read(emf, em -> em.find(ImportJobEntity.class, job.subject()));
        if (entity == null) {
            throw new IllegalStateException("there is no import " + job.subject());
        }
        if (entity.state() != State.RUNNING) {
            closeOpen();
            return Optional.empty();
        }
        ImportOptions options = entity.asked();
        ImportRun run = entity.restore();
        Reading reading = positioned(entity, options, run.lastRow);
        ImportRun before = entity.restore();
        List<ImportBatches.Row> batch = new ArrayList<>(BATCH);
        long last = run.lastRow;
        RuntimeException unreadable = null;
        try {
            while (run.rows - before.rows < BATCH && reading.records().hasNext()) {
                CSVRecord record = reading.records().next();
                long number = record.getRecordNumber() + 1;
                last = number;
                run.rows++;
                try {
                    batch.add(new ImportBatches.Row(number, ContactServiceImpl.details(reading.columns().read(record),
                            properties, users, null)));
                } catch (ContactValidationException e) {
                    e.fieldErrors().forEach((field, reason) -> run.fail(number, reading.columns().heading(field),
                            RefusedRows.withoutValues(reason, record)));
                }
            }
        } catch (RuntimeException e) {
            // The rows read before the file broke are good: they are stored, and the import ends at the row.
            unreadable = e;
        }
        if (run.rows == before.rows && unreadable == null) {
            finish(entity.id(), run, State.DONE, null);
            return Optional.empty();
        }
        long lastRow = last;
        JobPage[] page = new JobPage[1];
        batches.store(batch, lastRow, reading.columns(), options, run, entity.id(), em -> {
            page[0] = page(before, run, options);
            JobRunner.record(runner, KIND, em, job, page[0]);
        });
        openAt = lastRow;
        if (unreadable != null) {
            String problem = unreadable instanceof UncheckedIOException && unreadable.getCause() != null
                    ? unreadable.getCause().getMessage() : unreadable.getMessage();
            finish(entity.id(), run, State.FAILED, "row " + (run.lastRow + 1) + " or after: " + problem);
        }
        return Optional.of(page[0]);
    }

    /** What the page did: rows read, contacts created or updated, and each count of the report. */
    private static JobPage page(ImportRun before, ImportRun after, ImportOptions options) {
        long created = after.created - before.created;
        long updated = after.updated - before.updated;
        Map<String, Long> counts = Map.of("created", created, "updated", updated, "unchanged",
                after.unchanged - before.unchanged, "refused", after.failed - before.failed);
        return new JobPage("row " + after.lastRow, after.rows - before.rows, options.dryRun() ? 0 : created + updated,
                counts);
    }

    /** The upload open after row {@code lastRow}: the one the last page left open, or opened again and read up to it. */
    private Reading positioned(ImportJobEntity entity, ImportOptions options, long lastRow) {
        if (open != null && open.importId().equals(entity.id()) && openAt == lastRow) {
            return open;
        }
        closeOpen();
        try {
            CSVParser parser = CSV.parse(ImportContent.open(emf, entity.id()));
            Map<String, PropertyDefinition> defined = new HashMap<>();
            properties.definitions().forEach(d -> defined.put(d.name(), d));
            CsvColumns columns = CsvColumns.of(parser.getHeaderNames(), options.mapping(), defined);
            Iterator<CSVRecord> records = parser.iterator();
            // Row numbers count the heading: the rows stored are the first lastRow - 1 records.
            for (long skip = Math.max(0, lastRow - 1); skip > 0 && records.hasNext(); skip--) {
                records.next();
            }
            open = new Reading(entity.id(), parser, records, columns);
            openAt = lastRow;
            if (lastRow > 1) {
                LOG.info("Import {} goes on after row {}", entity.id(), lastRow);
                Transactions.run(emf, em -> em.find(ImportJobEntity.class, entity.id()).resume(lastRow));
            }
            return open;
        } catch (IOException e) {
            throw new UncheckedIOException("the upload of import " + entity.id() + " cannot be read", e);
        }
    }

    private void closeOpen() {
        if (open != null) {
            try {
                open.parser().close();
            } catch (IOException e) {
                LOG.debug("Closing the upload of import {}: {}", open.importId(), e.toString());
            }
            open = null;
        }
    }

    /** Ends the import: its report as it stands, and its upload deleted. */
    private void finish(String importId, ImportRun run, State state, String problem) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Transactions.run(emf, em -> {
            ImportJobEntity entity = em.find(ImportJobEntity.class, importId);
            entity.progress(run);
            entity.end(state, now, problem);
        });
        closeOpen();
        ImportContent.drop(emf, importId);
    }
}

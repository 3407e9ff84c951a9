package org.rapport.contacts.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;

import javax.persistence.EntityManagerFactory;

import org.apache.commons.csv.CSVParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.api.ImportReport.State;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobRunner;
import org.rapport.jobs.JobRunningException;
import org.rapport.persistence.Transactions;

/**
 * Contact imports handed in: the upload is stored (in the database, for whichever node runs it),
 * its heading checked and its rows counted, and a job of {@value ImportPages#KIND} started on the
 * platform's runner, after the import running, if one is (imports go one at a time in the cluster).
 * The same file handed in again with the same options while its import is interrupted or failed
 * resumes that import's job instead. Also each import's report, with where its job stands.
 */
@Component(service = ContactImports.class)
public class ContactImports {

    /** An import handed in, and the job that runs it. */
    public record Submitted(ImportReport report, Job job) {
    }

    /** How long an upload left by an import that never got its job is kept (the node handing it in stopped). */
    private static final Duration HANDING_IN = Duration.ofHours(1);
    private static final Duration LOOK_EVERY = Duration.ofMillis(200);

    private final EntityManagerFactory emf;
    private final JobRunner runner;
    private final ContactProperties properties;
    private final Clock clock;

    @Activate
    public ContactImports(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference JobRunner runner, @Reference ContactProperties properties) {
        this(emf, runner, properties, Clock.systemUTC());
    }

    public ContactImports(EntityManagerFactory emf, JobRunner runner, ContactProperties properties, Clock clock) {
        this.emf = emf;
        this.runner = runner;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Hands in an import of {@code content} (UTF-8 CSV, a heading row first).
     *
     * @param name what the file is called in the report
     * @param wait how long to wait for the import running to end
     * @throws IllegalArgumentException if the content is not UTF-8, the heading has no email column
     *         or a mapping names an unknown field or column (nothing is kept)
     * @throws JobRunningException if an import still runs after {@code wait} (nothing is kept)
     */
    public Submitted submit(InputStream content, String name, ImportOptions options, String actor, Duration wait)
            throws IOException {
        deleteLeftovers(false);
        String id = UUID.randomUUID().toString();
        Transactions.run(emf, em -> em.persist(new ImportJobEntity(id, name, "", "", options, now(), 0)));
        try {
            String hash = ImportContent.save(emf, id, content);
            Map<String, PropertyDefinition> defined = new HashMap<>();
            properties.definitions().forEach(d -> defined.put(d.name(), d));
            String key;
            long rows = 0;
            try (CSVParser parser = ImportPages.CSV.parse(ImportContent.open(emf, id))) {
                CsvColumns columns = CsvColumns.of(parser.getHeaderNames(), options.mapping(), defined);
                key = (options.dryRun() ? "dry;" : "") + (options.updateExisting() ? "update;" : "keep;") + columns.describe();
                try {
                    for (var records = parser.iterator(); records.hasNext(); records.next()) {
                        rows++;
                    }
                } catch (UncheckedIOException | IllegalStateException malformed) {
                    // Counted up to the row that breaks the file (an unclosed quote): the import ends there.
                }
            } catch (IOException unreadable) {
                throw new IllegalArgumentException("the heading row cannot be read: " + unreadable.getMessage(), unreadable);
            }
            Optional<Submitted> resumed = options.dryRun() ? Optional.empty() : resume(hash, key, id, actor);
            if (resumed.isPresent()) {
                return resumed.get();
            }
            String stored = key;
            long total = rows;
            Transactions.run(emf, em -> em.find(ImportJobEntity.class, id).handedIn(hash, stored, total));
            Job job = start(id, actor, wait);
            return new Submitted(report(id).orElseThrow(), job);
        } catch (IOException | RuntimeException e) {
            discard(id);
            throw e;
        }
    }

    /** Follows an import to its end, telling {@code rows} the rows read as they grow; its report then. */
    public ImportReport await(String id, LongConsumer rows) throws InterruptedException {
        long told = -1;
        while (true) {
            ImportReport report = report(id).orElseThrow(() -> new IllegalArgumentException("there is no import " + id));
            if (report.rows() != told) {
                told = report.rows();
                rows.accept(told);
            }
            if (report.state() != State.RUNNING) {
                return report;
            }
            Thread.sleep(LOOK_EVERY.toMillis());
        }
    }

    public Optional<ImportReport> report(String id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ImportJobEntity.class, id))).map(this::withJob);
    }

    public List<ImportReport> reports(int limit) {
        return Transactions.read(emf, em -> em.createQuery(
                "select j from ImportJobEntity j order by j.startedAt desc, j.id desc", ImportJobEntity.class)
                .setMaxResults(Math.max(1, Math.min(limit, 200))).getResultList()).stream().map(this::withJob).toList();
    }

    /**
     * Deletes the uploads no running import reads (their import ended, was cancelled, or stopped
     * short: an erasure must not leave the person in them), and says how many.
     *
     * @param interruptedToo also those of imports interrupted or failed, which can then not resume
     */
    public int deleteLeftovers(boolean interruptedToo) {
        int deleted = 0;
        Instant handingIn = now().minus(HANDING_IN);
        for (String id : ImportContent.stored(emf)) {
            ImportJobEntity entity = Transactions.read(emf, em -> em.find(ImportJobEntity.class, id));
            Optional<Job> job = entity == null || entity.jobId() == null ? Optional.empty() : runner.job(entity.jobId());
            boolean running = job.map(j -> j.state() == Job.State.RUNNING).orElse(false);
            boolean resumable = job.map(j -> j.state() == Job.State.FAILED || j.state() == Job.State.INTERRUPTED)
                    .orElse(false);
            boolean beingHandedIn = entity != null && entity.jobId() == null && entity.state() == State.RUNNING
                    && entity.toReport().startedAt().isAfter(handingIn);
            boolean leftOver = entity == null || entity.state() != State.RUNNING
                    || !running && !beingHandedIn && (interruptedToo || !resumable);
            if (leftOver && ImportContent.drop(emf, id)) {
                deleted++;
            }
        }
        return deleted;
    }

    private Optional<Submitted> resume(String hash, String key, String handedIn, String actor) {
        List<ImportJobEntity> same = Transactions.read(emf, em -> em.createQuery("select j from ImportJobEntity j where "
                + "j.fileHash = :hash and j.options = :key and j.state = :running and j.jobId is not null "
                + "order by j.startedAt desc", ImportJobEntity.class).setParameter("hash", hash).setParameter("key", key)
                .setParameter("running", State.RUNNING).setMaxResults(1).getResultList());
        if (same.isEmpty() || !ImportContent.stored(emf).contains(same.get(0).id())) {
            return Optional.empty();
        }
        ImportJobEntity earlier = same.get(0);
        Optional<Job> job = runner.job(earlier.jobId()).filter(j -> j.state() == Job.State.FAILED
                || j.state() == Job.State.INTERRUPTED);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        discard(handedIn);
        Job resumed = runner.resume(job.get().id(), actor);
        return Optional.of(new Submitted(report(earlier.id()).orElseThrow(), resumed));
    }

    /** Starts the import's job, once the import running (if any) has ended, waiting at most {@code wait}. */
    private Job start(String id, String actor, Duration wait) {
        Instant until = clock.instant().plus(wait);
        while (true) {
            try {
                Job job = runner.start(ImportPages.KIND, actor, id);
                Transactions.run(emf, em -> em.find(ImportJobEntity.class, id).runBy(job.id()));
                return job;
            } catch (JobRunningException running) {
                if (!clock.instant().isBefore(until)) {
                    throw running;
                }
                try {
                    Thread.sleep(LOOK_EVERY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw running;
                }
            }
        }
    }

    private ImportReport withJob(ImportJobEntity entity) {
        return entity.toReport(entity.jobId() == null ? null : runner.job(entity.jobId()).orElse(null));
    }

    /** An import handed in that never started: its upload and its row go. */
    private void discard(String id) {
        ImportContent.drop(emf, id);
        Transactions.run(emf, em -> Optional.ofNullable(em.find(ImportJobEntity.class, id)).ifPresent(em::remove));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

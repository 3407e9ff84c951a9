package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;

import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.api.ImportReport.RowError;
import org.rapport.contacts.api.ImportReport.State;
import org.rapport.jobs.Job;

/**
 * An import's progress, stored in the same transaction as each batch of rows (and its job's
 * cursor): after a crash it says exactly which rows are in, so the import resumes after them. It
 * keeps what its job needs to read the upload again on any node: the mapping and the options.
 */
@Entity
@Table(name = "CONTACT_IMPORT", indexes = @Index(name = "IX_CONTACT_IMPORT_FILE", columnList = "FILE_HASH,OPTIONS"))
class ImportJobEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "FILE_NAME", nullable = false, length = 1000)
    private String file;

    @Column(name = "FILE_HASH", nullable = false, length = 64)
    private String fileHash;

    @Column(name = "OPTIONS", nullable = false, length = 2000)
    private String options;

    @Column(name = "DRY_RUN", nullable = false)
    private boolean dryRun;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 16)
    private State state;

    /** The last row (numbered as in the file) whose batch is stored. */
    @Column(name = "LAST_ROW", nullable = false)
    private long lastRow;

    @Column(name = "ROWS_READ", nullable = false)
    private long rows;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "UPDATED", nullable = false)
    private long updated;

    @Column(name = "UNCHANGED", nullable = false)
    private long unchanged;

    @Column(name = "FAILED", nullable = false)
    private long failed;

    /** The first row errors, one per line: row, tab, column, tab, reason. */
    @Lob
    @Column(name = "ERRORS")
    private String errors;

    @Column(name = "RESUMED_AT", nullable = false)
    private long resumedAt;

    @Column(name = "STARTED_AT", nullable = false)
    private Instant startedAt;

    @Column(name = "FINISHED_AT")
    private Instant finishedAt;

    @Column(name = "PROBLEM", length = 2000)
    private String problem;

    /** The runner's job that runs the import; null for imports from before the runner. */
    @Column(name = "JOB_ID")
    private Long jobId;

    /** The heading-to-field mapping asked for, one {@code Heading=field} a line. */
    @Column(name = "MAPPING", length = 4000)
    private String mapping;

    /** The data rows the upload had as it was handed in. */
    @Column(name = "TOTAL_ROWS")
    private Long totalRows;

    protected ImportJobEntity() {
    }

    ImportJobEntity(String id, String file, String fileHash, String options, ImportOptions asked, Instant startedAt,
            long totalRows) {
        this.id = id;
        this.file = file;
        this.fileHash = fileHash;
        this.options = options;
        this.dryRun = asked.dryRun();
        this.state = State.RUNNING;
        this.startedAt = startedAt;
        this.totalRows = totalRows;
        StringBuilder lines = new StringBuilder();
        asked.mapping().forEach((heading, field) -> lines.append(heading.replace('\n', ' ')).append('=').append(field)
                .append('\n'));
        if (lines.length() > 4000) {
            throw new IllegalArgumentException("map: the mapping is longer than 4,000 characters");
        }
        this.mapping = lines.toString();
    }

    String id() {
        return id;
    }

    Long jobId() {
        return jobId;
    }

    /** The upload is stored: its hash, the options' key (to find it when handed in again) and its rows. */
    void handedIn(String hash, String key, long total) {
        this.fileHash = hash;
        this.options = key;
        this.totalRows = total;
    }

    void runBy(long job) {
        this.jobId = job;
    }

    State state() {
        return state;
    }

    long totalRows() {
        return totalRows == null ? 0 : totalRows;
    }

    /** The options the import was asked with, as its job reads the upload. */
    ImportOptions asked() {
        Map<String, String> mapped = new LinkedHashMap<>();
        if (mapping != null) {
            for (String line : mapping.split("\n")) {
                int eq = line.lastIndexOf('=');
                if (eq > 0) {
                    mapped.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        String key = options.startsWith("dry;") ? options.substring(4) : options;
        return new ImportOptions(dryRun, mapped, key.startsWith("update;"));
    }

    long lastRow() {
        return lastRow;
    }

    /** Copies the counts of a run in progress: called with each stored batch. */
    void progress(ImportRun run) {
        lastRow = run.lastRow;
        rows = run.rows;
        created = run.created;
        updated = run.updated;
        unchanged = run.unchanged;
        failed = run.failed;
        StringBuilder text = new StringBuilder();
        for (RowError e : run.errors) {
            text.append(e.row()).append('\t').append(e.column() == null ? "" : e.column()).append('\t')
                    .append(e.reason().replace('\n', ' ').replace('\t', ' ')).append('\n');
        }
        errors = text.length() == 0 ? null : text.toString();
    }

    /** Drops the row errors that mention any of these values; whether any did. */
    boolean forget(List<String> values) {
        if (errors == null) {
            return false;
        }
        StringBuilder kept = new StringBuilder();
        for (String line : errors.split("\n")) {
            if (values.stream().noneMatch(line::contains)) {
                kept.append(line).append('\n');
            }
        }
        String before = errors;
        errors = kept.length() == 0 ? null : kept.toString();
        return !before.equals(errors);
    }

    void resume(long afterRow) {
        state = State.RUNNING;
        resumedAt = afterRow;
        finishedAt = null;
        problem = null;
    }

    void end(State state, Instant at, String problem) {
        this.state = state;
        this.finishedAt = at;
        this.problem = problem == null ? null : problem.substring(0, Math.min(2000, problem.length()));
    }

    /** The counts and errors stored so far, for a run that resumes. */
    ImportRun restore() {
        ImportRun run = new ImportRun();
        run.lastRow = lastRow;
        run.rows = rows;
        run.created = created;
        run.updated = updated;
        run.unchanged = unchanged;
        run.failed = failed;
        run.errors.addAll(errors());
        return run;
    }

    private List<RowError> errors() {
        List<RowError> list = new ArrayList<>();
        if (errors != null) {
            for (String line : errors.split("\n")) {
                String[] parts = line.split("\t", 3);
                if (parts.length == 3) {
                    list.add(new RowError(Long.parseLong(parts[0]), parts[1].isEmpty() ? null : parts[1], parts[2]));
                }
            }
        }
        return list;
    }

    ImportReport toReport() {
        return new ImportReport(id, file, state, dryRun, rows, created, updated, unchanged, failed, errors(), resumedAt,
                startedAt, finishedAt, problem);
    }

    /**
     * The report with where the import's job stands, {@code job} being its job or null if it has
     * none: an import whose job stopped short (its node stopped, a page failed) is interrupted, to
     * be resumed; one whose job was cancelled has failed. An import still marked running without a
     * job ran before the job runner and was cut short.
     */
    ImportReport toReport(Job job) {
        if (state != State.RUNNING || job != null && job.state() == Job.State.RUNNING) {
            return toReport();
        }
        boolean cancelled = job != null && job.state() == Job.State.CANCELLED;
        String why = job == null ? (jobId == null ? "the server stopped during the import" : "its job is gone")
                : job.error();
        return new ImportReport(id, file, cancelled ? State.FAILED : State.INTERRUPTED, dryRun, rows, created, updated,
                unchanged, failed, errors(), resumedAt, startedAt, cancelled ? job.finishedAt() : null,
                why == null ? problem : why);
    }
}

package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;

import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.api.ImportReport.RowError;
import org.rapport.contacts.api.ImportReport.State;

/**
 * An import's progress, stored in the same transaction as each batch of rows: after a crash it
 * says exactly which rows are in, so the import resumes after them.
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

    protected ImportJobEntity() {
    }

    ImportJobEntity(String id, String file, String fileHash, String options, boolean dryRun, Instant startedAt) {
        this.id = id;
        this.file = file;
        this.fileHash = fileHash;
        this.options = options;
        this.dryRun = dryRun;
        this.state = State.RUNNING;
        this.startedAt = startedAt;
    }

    String id() {
        return id;
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
}

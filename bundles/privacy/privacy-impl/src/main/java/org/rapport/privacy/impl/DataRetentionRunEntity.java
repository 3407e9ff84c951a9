package org.rapport.privacy.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

import org.rapport.persistence.Columns;
import org.rapport.privacy.api.DataRetentionRun;

/**
 * The evidence of a retention run: one line per category, {@code category examined held deleted
 * anonymized}, rewritten with every page of the run's job. {@code STATUS} is null for runs stored before runs
 * were saved as they went, which all finished.
 */
@Entity
@Table(name = "PRIVACY_RETENTION_RUN")
class DataRetentionRunEntity {

    /** The id of the run's job; runs from before the job runner keep their own ids, all below the runner's. */
    @Id
    @Column(name = "ID")
    private long id;

    @Column(name = "DRY_RUN", nullable = false)
    private boolean dryRun;

    @Column(name = "ACTOR", nullable = false, length = 120)
    private String actor;

    @Column(name = "STARTED_AT", nullable = false)
    private Instant startedAt;

    @Column(name = "FINISHED_AT", nullable = false)
    private Instant finishedAt;

    @Column(name = "RULE_RELEASE", nullable = false, length = 80)
    private String release;

    @Lob
    @Column(name = "REPORT", nullable = false)
    private String report;

    /** running, done, failed (the error in the audit log) or interrupted (the server stopped). */
    @Column(name = "STATUS", length = 12)
    private String status;

    protected DataRetentionRunEntity() {
    }

    /** The evidence of job {@code id}, a run starting; until it ends, its finishing time is its start. */
    DataRetentionRunEntity(long id, boolean dryRun, String actor, Instant startedAt) {
        this.id = id;
        this.dryRun = dryRun;
        this.actor = Columns.clip(actor, 120);
        this.startedAt = startedAt;
        this.finishedAt = startedAt;
        this.release = "none";
        this.report = "";
        this.status = "running";
    }

    /** Saves how far the run got. */
    void progress(String release, List<DataRetentionRun.Category> categories) {
        this.release = release;
        StringBuilder lines = new StringBuilder();
        categories.forEach(c -> lines.append(c.category()).append('\t').append(c.examined()).append('\t')
                .append(c.held()).append('\t').append(c.deleted()).append('\t').append(c.anonymized()).append('\n'));
        this.report = lines.toString();
    }

    void end(String outcome, Instant at) {
        this.status = outcome;
        this.finishedAt = at;
    }

    String status() {
        return status == null ? "done" : status;
    }

    long id() {
        return id;
    }

    DataRetentionRun toRun() {
        List<DataRetentionRun.Category> categories = new ArrayList<>();
        for (String line : report.split("\n")) {
            if (!line.isBlank()) {
                String[] f = line.split("\t");
                categories.add(new DataRetentionRun.Category(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]), Long.parseLong(f[4])));
            }
        }
        return new DataRetentionRun(id, dryRun, actor, startedAt, "running".equals(status) ? null : finishedAt, release,
                categories);
    }
}

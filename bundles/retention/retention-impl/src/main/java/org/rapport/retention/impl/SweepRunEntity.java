package org.rapport.retention.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.retention.api.SweepRun;

/**
 * A sweep run before the platform's job runner ran them, read-only: its table stays so that
 * {@code GET /api/v1/retention/sweeps} keeps showing them.
 */
@Entity
@Table(name = "RETENTION_SWEEP")
class SweepRunEntity {

    @Id
    @Column(name = "ID")
    long id;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false, length = 12)
    SweepRun.Status status;

    @Column(name = "REQUESTER", nullable = false, length = 120)
    String requester;

    @Column(name = "STARTED_AT", nullable = false)
    Instant startedAt;

    @Column(name = "FINISHED_AT")
    Instant finishedAt;

    @Column(name = "TOTAL", nullable = false)
    long total;

    @Column(name = "EVALUATED", nullable = false)
    long evaluated;

    @Column(name = "OPENED", nullable = false)
    long opened;

    @Column(name = "CLOSED", nullable = false)
    long closed;

    @Column(name = "ERROR", length = 1000)
    String error;

    protected SweepRunEntity() {
    }

    SweepRun toRun() {
        return new SweepRun(id, status, requester, startedAt, finishedAt, total, evaluated, opened, closed, error);
    }
}

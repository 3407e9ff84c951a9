package org.rapport.retention.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.retention.api.SweepRun;

/** A sweep and how far it got: {@code LAST_CONTACT_ID} is the last customer of the last finished page. */
@Entity
@Table(name = "RETENTION_SWEEP")
class SweepRunEntity {

    @Id
    @TableGenerator(name = "RETENTION_SWEEP_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "RETENTION_SWEEP", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "RETENTION_SWEEP_ID")
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

    @Column(name = "LAST_CONTACT_ID", nullable = false)
    long lastContactId;

    @Column(name = "ERROR", length = 1000)
    String error;

    protected SweepRunEntity() {
    }

    SweepRunEntity(String requester, Instant now, long total) {
        this.status = SweepRun.Status.RUNNING;
        this.requester = requester;
        this.startedAt = now;
        this.total = total;
    }

    SweepRun toRun() {
        return new SweepRun(id, status, requester, startedAt, finishedAt, total, evaluated, opened, closed, error);
    }
}

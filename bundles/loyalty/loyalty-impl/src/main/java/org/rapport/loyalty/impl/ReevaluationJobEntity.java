package org.rapport.loyalty.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.loyalty.api.ReevaluationJob;
import org.rapport.loyalty.api.ReevaluationJob.State;

/**
 * A tier re-evaluation job run before the platform's job runner ran them, read-only: its table
 * stays so that {@code GET /api/v1/loyalty/reevaluations} keeps showing them.
 */
@Entity
@Table(name = "LOYALTY_REEVALUATION")
class ReevaluationJobEntity {

    @Id
    @Column(name = "ID")
    private long id;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 12)
    private State state;

    @Column(name = "ACTOR", nullable = false, length = 120)
    private String actor;

    @Column(name = "STARTED_AT", nullable = false)
    private Instant startedAt;

    @Column(name = "FINISHED_AT")
    private Instant finishedAt;

    @Column(name = "TOTAL", nullable = false)
    private long total;

    @Column(name = "EVALUATED", nullable = false)
    private long evaluated;

    @Column(name = "CHANGED", nullable = false)
    private long changed;

    @Column(name = "ERROR", length = 1000)
    private String error;

    protected ReevaluationJobEntity() {
    }

    ReevaluationJob toJob() {
        return new ReevaluationJob(id, state, actor, startedAt, finishedAt, total, evaluated, changed, error);
    }
}

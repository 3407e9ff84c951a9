package org.rapport.loyalty.impl;

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

import org.rapport.loyalty.api.ReevaluationJob;
import org.rapport.loyalty.api.ReevaluationJob.State;

/** A tier re-evaluation job and its progress: the last member it finished is where it resumes. */
@Entity
@Table(name = "LOYALTY_REEVALUATION")
class ReevaluationJobEntity {

    @Id
    @TableGenerator(name = "LOYALTY_REEVALUATION_ID", table = "RAPPORT_ID", pkColumnName = "NAME",
            valueColumnName = "NEXT_ID", pkColumnValue = "LOYALTY_REEVALUATION", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "LOYALTY_REEVALUATION_ID")
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

    @Column(name = "AFTER_CONTACT", nullable = false)
    private long afterContact = -1;

    @Column(name = "ERROR", length = 1000)
    private String error;

    protected ReevaluationJobEntity() {
    }

    ReevaluationJobEntity(String actor, Instant startedAt, long total) {
        this.state = State.RUNNING;
        this.actor = actor;
        this.startedAt = startedAt;
        this.total = total;
    }

    long id() {
        return id;
    }

    State state() {
        return state;
    }

    long afterContact() {
        return afterContact;
    }

    void progress(long lastContact, int members, int changes) {
        afterContact = lastContact;
        evaluated += members;
        changed += changes;
    }

    void resume(String by) {
        state = State.RUNNING;
        actor = by;
        error = null;
        finishedAt = null;
    }

    void finish(State end, Instant at, String why) {
        state = end;
        finishedAt = at;
        error = why == null || why.length() <= 1000 ? why : why.substring(0, 1000);
    }

    ReevaluationJob toJob() {
        return new ReevaluationJob(id, state, actor, startedAt, finishedAt, total, evaluated, changed, error);
    }
}

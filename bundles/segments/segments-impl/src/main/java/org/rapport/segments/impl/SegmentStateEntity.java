package org.rapport.segments.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.EntityManager;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * One row: how far changed contacts have been checked against the segments, and the RFM score
 * boundaries of the last full scoring (so a buyer's scores can be brought up to date alone).
 */
@Entity
@Table(name = "SEGMENT_STATE")
class SegmentStateEntity {

    static final long ID = 1;

    @Id
    @Column(name = "ID", nullable = false)
    private long id = ID;

    /** Changes made before this were checked against every segment. */
    @Column(name = "CAUGHT_UP_TO")
    private Instant caughtUpTo;

    @Column(name = "RFM_SCORED_AT")
    private Instant rfmScoredAt;

    @Column(name = "RFM_WINDOW_DAYS")
    private Integer rfmWindowDays;

    /** Quintile boundaries, four per dimension, as text: {@code r1,r2,r3,r4;f1,...;m1,...}. */
    @Column(name = "RFM_BOUNDS", length = 500)
    private String rfmBounds;

    protected SegmentStateEntity() {
    }

    /** The one row, made on first use. */
    static SegmentStateEntity row(EntityManager em) {
        SegmentStateEntity state = em.find(SegmentStateEntity.class, ID);
        if (state == null) {
            state = first();
            em.persist(state);
        }
        return state;
    }

    static SegmentStateEntity first() {
        return new SegmentStateEntity();
    }

    Instant caughtUpTo() {
        return caughtUpTo;
    }

    void caughtUpTo(Instant time) {
        this.caughtUpTo = time;
    }

    /** The boundaries of the last scoring, or null before the first. */
    Rfm.Bounds bounds() {
        return rfmBounds == null ? null : Rfm.Bounds.parse(rfmBounds, rfmWindowDays);
    }

    void scored(Rfm.Bounds bounds, Instant now) {
        this.rfmBounds = bounds.text();
        this.rfmWindowDays = bounds.windowDays();
        this.rfmScoredAt = now;
    }

    Instant rfmScoredAt() {
        return rfmScoredAt;
    }
}

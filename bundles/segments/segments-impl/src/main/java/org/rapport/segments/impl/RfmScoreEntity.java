package org.rapport.segments.impl;

import java.math.BigDecimal;
import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.segments.api.RfmScore;

/** A buyer's RFM scores and the figures they were scored from. */
@Entity
@Table(name = "CONTACT_RFM")
class RfmScoreEntity {

    @Id
    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "R", nullable = false)
    private int recency;

    @Column(name = "F", nullable = false)
    private int frequency;

    @Column(name = "M", nullable = false)
    private int monetary;

    @Column(name = "LAST_PURCHASE", nullable = false)
    private Instant lastPurchase;

    @Column(name = "PURCHASES", nullable = false)
    private long purchases;

    @Column(name = "SPENT", nullable = false, precision = 21, scale = 4)
    private BigDecimal spent;

    @Column(name = "SCORED_AT", nullable = false)
    private Instant scoredAt;

    protected RfmScoreEntity() {
    }

    RfmScoreEntity(long contactId) {
        this.contactId = contactId;
    }

    void score(Rfm.Figures figures, int[] scores, Instant now) {
        this.lastPurchase = figures.lastPurchase();
        this.purchases = figures.purchases();
        this.spent = figures.spent();
        this.recency = scores[0];
        this.frequency = scores[1];
        this.monetary = scores[2];
        this.scoredAt = now;
    }

    RfmScore toDto() {
        return new RfmScore(contactId, recency, frequency, monetary, lastPurchase, purchases, spent, scoredAt);
    }
}

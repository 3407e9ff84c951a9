package org.rapport.service.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A restricted queue whose cases' entries already on the contacts' timelines were given the kept
 * words, as stored in {@code SERVICE_KEPT_QUEUE}: one row per queue, written once the rewrite is done
 * ({@link CaseTimeline#keepStored}).
 */
@Entity
@Table(name = "SERVICE_KEPT_QUEUE")
class KeptQueueEntity {

    @Id
    @Column(name = "QUEUE", length = 40)
    String queue;

    @Column(name = "KEPT_AT", nullable = false)
    Instant keptAt;

    KeptQueueEntity() {
    }

    KeptQueueEntity(String queue, Instant keptAt) {
        this.queue = queue;
        this.keptAt = keptAt;
    }
}

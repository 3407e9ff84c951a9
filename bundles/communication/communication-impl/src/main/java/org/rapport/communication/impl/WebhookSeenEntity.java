package org.rapport.communication.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * A signature an inbound webhook accepted, so that the same request sent again is refused.
 * Kept for twice the timestamp tolerance: an older request is refused for its timestamp anyway.
 */
@Entity
@Table(name = "COMM_WEBHOOK_SEEN", indexes = @Index(name = "IX_COMM_WEBHOOK_SEEN_AT", columnList = "SEEN_AT"))
class WebhookSeenEntity {

    @Id
    @Column(name = "SEEN_KEY", length = 200)
    String key;

    @Column(name = "SEEN_AT", nullable = false)
    Instant seenAt;

    protected WebhookSeenEntity() {
    }

    WebhookSeenEntity(String key, Instant seenAt) {
        this.key = key;
        this.seenAt = seenAt;
    }
}

package org.rapport.privacy.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.privacy.api.LegalHold;

@Entity
@Table(name = "PRIVACY_LEGAL_HOLD")
class LegalHoldEntity {

    @Id
    @Column(name = "CONTACT_ID")
    private long contactId;

    @Column(name = "REASON", nullable = false, length = 500)
    private String reason;

    @Column(name = "PLACED_BY", nullable = false, length = 120)
    private String placedBy;

    @Column(name = "PLACED_AT", nullable = false)
    private Instant placedAt;

    protected LegalHoldEntity() {
    }

    LegalHoldEntity(long contactId, String reason, String placedBy, Instant placedAt) {
        this.contactId = contactId;
        this.reason = reason;
        this.placedBy = placedBy;
        this.placedAt = placedAt;
    }

    LegalHold toHold() {
        return new LegalHold(contactId, reason, placedBy, placedAt);
    }
}

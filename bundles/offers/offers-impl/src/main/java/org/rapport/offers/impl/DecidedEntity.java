package org.rapport.offers.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A digest of the offers last recorded in the decision ledger for a customer: serving the same
 * offers from the same release again records nothing, so reading offers writes only when they change.
 */
@Entity
@Table(name = "OFFER_DECIDED")
class DecidedEntity {

    @Id
    @Column(name = "CONTACT_ID")
    long contactId;

    @Column(name = "DIGEST", nullable = false, length = 64)
    String digest;

    @Column(name = "DECIDED_AT", nullable = false)
    Instant decidedAt;

    protected DecidedEntity() {
    }

    DecidedEntity(long contactId) {
        this.contactId = contactId;
    }
}

package org.rapport.communication.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

import org.rapport.communication.api.AddressState;

/** What bounces reported about one address, in lower case. */
@Entity
@Table(name = "COMM_ADDRESS", indexes = @Index(name = "IX_COMM_ADDRESS_CONTACT", columnList = "CONTACT_ID"))
class AddressEntity {

    @Id
    @Column(name = "ADDRESS", length = 320)
    String address;

    @Column(name = "CONTACT_ID")
    Long contactId;

    @Column(name = "UNDELIVERABLE", nullable = false)
    boolean undeliverable;

    @Column(name = "REASON", length = 1000)
    String reason;

    @Column(name = "MARKED_AT")
    Instant markedAt;

    @Column(name = "HARD_BOUNCES", nullable = false)
    int hardBounces;

    @Column(name = "SOFT_BOUNCES", nullable = false)
    int softBounces;

    @Column(name = "LAST_BOUNCE_AT", nullable = false)
    Instant lastBounceAt;

    protected AddressEntity() {
    }

    AddressEntity(String address, Instant now) {
        this.address = address;
        this.lastBounceAt = now;
    }

    AddressState toState() {
        return new AddressState(address, contactId, undeliverable, reason, markedAt, hardBounces, softBounces, lastBounceAt);
    }
}

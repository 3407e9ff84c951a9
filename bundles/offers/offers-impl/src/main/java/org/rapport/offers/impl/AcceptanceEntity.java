package org.rapport.offers.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.TableGenerator;
import javax.persistence.UniqueConstraint;

import org.rapport.offers.api.Acceptance;

/** A customer's acceptance of an offer: one per customer and offer. */
@Entity
@Table(name = "OFFER_ACCEPTANCE", uniqueConstraints = @UniqueConstraint(name = "UQ_OFFER_ACCEPTANCE",
        columnNames = {"CONTACT_ID", "CODE"}))
class AcceptanceEntity {

    @Id
    @TableGenerator(name = "OFFER_ACCEPTANCE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "OFFER_ACCEPTANCE", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "OFFER_ACCEPTANCE_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CONTACT_ID", nullable = false)
    long contactId;

    @Column(name = "CODE", nullable = false, length = 40)
    String code;

    @Column(name = "ACCEPTED_AT", nullable = false)
    Instant acceptedAt;

    @Column(name = "ACCEPTED_BY", nullable = false, length = 120)
    String acceptedBy;

    @Column(name = "RULE_NAME", length = 300)
    String rule;

    @Column(name = "RELEASE_LABEL", length = 80)
    String release;

    @Column(name = "INTERACTION_ID")
    Long interactionId;

    protected AcceptanceEntity() {
    }

    AcceptanceEntity(long contactId, String code, Instant acceptedAt, String acceptedBy, String rule, String release) {
        this.contactId = contactId;
        this.code = code;
        this.acceptedAt = acceptedAt;
        this.acceptedBy = acceptedBy;
        this.rule = rule;
        this.release = release;
    }

    Acceptance view(boolean replayed) {
        return new Acceptance(id, contactId, code, acceptedAt, acceptedBy, rule, release, interactionId, replayed);
    }
}

package org.rapport.offers.impl;

import java.time.Instant;
import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferKind;

/** An offer of the catalogue, by code. */
@Entity
@Table(name = "OFFER")
class OfferEntity {

    @Id
    @Column(name = "CODE", length = 40)
    String code;

    @Column(name = "TITLE", nullable = false, length = 120)
    String title;

    @Lob
    @Column(name = "DESCRIPTION")
    String description;

    @Column(name = "KIND", nullable = false, length = 12)
    String kind;

    @Column(name = "VALID_FROM")
    LocalDate validFrom;

    @Column(name = "VALID_TO")
    LocalDate validTo;

    @Column(name = "ACTIVE", nullable = false)
    boolean active;

    @Column(name = "UPDATED_BY", nullable = false, length = 120)
    String updatedBy;

    @Column(name = "UPDATED_AT", nullable = false)
    Instant updatedAt;

    protected OfferEntity() {
    }

    OfferEntity(String code) {
        this.code = code;
    }

    void set(Offer offer, String actor, Instant now) {
        title = offer.title();
        description = offer.description();
        kind = offer.kind().name();
        validFrom = offer.validFrom();
        validTo = offer.validTo();
        active = offer.active();
        updatedBy = actor;
        updatedAt = now;
    }

    Offer view() {
        return new Offer(code, title, description, OfferKind.valueOf(kind), validFrom, validTo, active, updatedBy,
                updatedAt);
    }
}

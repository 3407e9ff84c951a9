package org.rapport.retention.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * What retention keeps of a customer's touchpoints: when things last happened. Counts over time
 * are in {@link MonthEntity}.
 */
@Entity
@Table(name = "RETENTION_PROFILE")
class ProfileEntity {

    @Id
    @Column(name = "CONTACT_ID")
    long contactId;

    @Column(name = "FIRST_SEEN_AT", nullable = false)
    Instant firstSeenAt;

    @Column(name = "LAST_PURCHASE_AT")
    Instant lastPurchaseAt;

    @Column(name = "LAST_COMPLAINT_AT")
    Instant lastComplaintAt;

    @Column(name = "LAST_NPS")
    Integer lastNps;

    @Column(name = "LAST_CSAT")
    Integer lastCsat;

    /** When the oldest support case not yet answered came in, or null. */
    @Column(name = "CASE_OPEN_SINCE")
    Instant caseOpenSince;

    /** The loyalty tier at the last evaluation, for per-tier figures; null without one. */
    @Column(name = "TIER", length = 60)
    String tier;

    @Column(name = "UPDATED_AT", nullable = false)
    Instant updatedAt;

    protected ProfileEntity() {
    }

    ProfileEntity(long contactId, Instant firstSeenAt) {
        this.contactId = contactId;
        this.firstSeenAt = firstSeenAt;
        this.updatedAt = firstSeenAt;
    }
}

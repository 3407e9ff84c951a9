package org.rapport.privacy.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

/** The evidence of an erasure: who asked, when, and each participant's outcome. It holds no personal values. */
@Entity
@Table(name = "PRIVACY_ERASURE")
class ErasureEntity {

    @Id
    @TableGenerator(name = "PRIVACY_ERASURE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "PRIVACY_ERASURE", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "PRIVACY_ERASURE_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "REQUESTED_BY", nullable = false, length = 120)
    private String requestedBy;

    @Column(name = "COMPLETED_AT", nullable = false)
    private Instant completedAt;

    @Lob
    @Column(name = "REPORT", nullable = false)
    private String report;

    protected ErasureEntity() {
    }

    ErasureEntity(long contactId, String requestedBy, Instant completedAt, String report) {
        this.contactId = contactId;
        this.requestedBy = requestedBy;
        this.completedAt = completedAt;
        this.report = report;
    }

    long id() {
        return id;
    }
}

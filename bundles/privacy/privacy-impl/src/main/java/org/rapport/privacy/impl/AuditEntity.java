package org.rapport.privacy.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.persistence.Columns;
import org.rapport.privacy.spi.AuditEntry;

/** An audit entry. The product only ever inserts them; erasure alone rewrites the values of a forgotten contact. */
@Entity
@Table(name = "AUDIT_LOG", indexes = {@Index(name = "IX_AUDIT_SUBJECT", columnList = "SUBJECT,ID"),
        @Index(name = "IX_AUDIT_CONTACT", columnList = "CONTACT_ID")})
class AuditEntity {

    static final String ERASED = "(erased)";

    @Id
    @TableGenerator(name = "AUDIT_LOG_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "AUDIT_LOG", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "AUDIT_LOG_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "RECORDED_AT", nullable = false)
    private Instant at;

    @Column(name = "ACTOR", nullable = false, length = 120)
    private String actor;

    @Column(name = "ACTION", nullable = false, length = 80)
    private String action;

    @Column(name = "SUBJECT", nullable = false, length = 200)
    private String subject;

    @Column(name = "BEFORE_STATE", length = 4000)
    private String before;

    @Column(name = "AFTER_STATE", length = 4000)
    private String after;

    @Column(name = "CONTACT_ID")
    private Long contactId;

    protected AuditEntity() {
    }

    AuditEntity(Instant at, String actor, String action, String subject, String before, String after, Long contactId) {
        this.at = at;
        this.actor = Columns.clip(actor, 120);
        this.action = Columns.clip(action, 80);
        this.subject = Columns.clip(subject, 200);
        this.before = before == null ? null : Columns.clip(before, 4000);
        this.after = after == null ? null : Columns.clip(after, 4000);
        this.contactId = contactId;
    }

    AuditEntry toEntry() {
        return new AuditEntry(id, at, actor, action, subject, before, after, contactId);
    }
}

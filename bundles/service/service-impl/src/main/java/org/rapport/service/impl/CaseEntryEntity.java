package org.rapport.service.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EntityManager;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.EntryKind;

/** An entry of a case's thread, as stored in {@code SERVICE_CASE_ENTRY}. */
@Entity
@Table(name = "SERVICE_CASE_ENTRY", indexes = {@Index(name = "IX_SERVICE_ENTRY_CASE", columnList = "CASE_ID,ID"),
        @Index(name = "IX_SERVICE_ENTRY_MESSAGE", columnList = "MESSAGE_ID")})
class CaseEntryEntity {

    @Id
    @TableGenerator(name = "SERVICE_CASE_ENTRY_ID", table = "RAPPORT_ID", pkColumnName = "NAME",
            valueColumnName = "NEXT_ID", pkColumnValue = "SERVICE_CASE_ENTRY", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "SERVICE_CASE_ENTRY_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CASE_ID", nullable = false)
    long caseId;

    @Column(name = "KIND", nullable = false, length = 12)
    String kind;

    @Column(name = "AUTHOR", nullable = false, length = 120)
    String author;

    @Column(name = "BODY", nullable = false, length = 10000)
    String text;

    @Column(name = "CREATED_AT", nullable = false)
    Instant createdAt;

    /** The inbound message this entry was written from: each is threaded once. */
    @Column(name = "INBOUND_ID", unique = true)
    Long inboundId;

    /** The message a reply left as. */
    @Column(name = "MESSAGE_ID")
    Long messageId;

    /** The reply's delivery state: queued, sent, failed, blocked, bounced or unsent. */
    @Column(name = "DELIVERY", length = 10)
    String delivery;

    @Column(name = "DELIVERY_REASON", length = 500)
    String deliveryReason;

    protected CaseEntryEntity() {
    }

    CaseEntryEntity(long caseId, EntryKind kind, String author, String text, Instant createdAt) {
        this.caseId = caseId;
        this.kind = kind.name();
        this.author = author;
        this.text = text;
        this.createdAt = createdAt;
    }

    CaseEntry toEntry() {
        return new CaseEntry(id, caseId, EntryKind.valueOf(kind), author, text, createdAt, inboundId, messageId, delivery,
                deliveryReason);
    }

    /** Whether inbound message {@code inboundId} is on a case already. */
    static boolean threaded(EntityManager em, long inboundId) {
        return em.createQuery("select count(e) from CaseEntryEntity e where e.inboundId = :id", Long.class)
                .setParameter("id", inboundId).getSingleResult() > 0;
    }

    /** Writes an entry to case {@code c} (from inbound message {@code inboundId}, or null) and touches the case. */
    static CaseEntry write(EntityManager em, CaseEntity c, EntryKind kind, String author, String text, Instant now,
            Long inboundId) {
        CaseEntryEntity e = new CaseEntryEntity(c.id, kind, author, text, now);
        e.inboundId = inboundId;
        em.persist(e);
        em.flush();
        c.updatedAt = now;
        return e.toEntry();
    }
}

package org.rapport.service.impl;

import java.time.Instant;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

/** A file kept with a case's entry, as stored in {@code SERVICE_CASE_ATTACHMENT}: its bytes in Base64. */
@Entity
@Table(name = "SERVICE_CASE_ATTACHMENT", indexes = @Index(name = "IX_SERVICE_ATTACHMENT_CASE", columnList = "CASE_ID,ID"))
class AttachmentEntity {

    @Id
    @TableGenerator(name = "SERVICE_CASE_ATTACHMENT_ID", table = "RAPPORT_ID", pkColumnName = "NAME",
            valueColumnName = "NEXT_ID", pkColumnValue = "SERVICE_CASE_ATTACHMENT", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "SERVICE_CASE_ATTACHMENT_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CASE_ID", nullable = false)
    long caseId;

    @Column(name = "ENTRY_ID", nullable = false)
    long entryId;

    @Column(name = "NAME", nullable = false, length = 120)
    String name;

    @Column(name = "CONTENT_TYPE", nullable = false, length = 100)
    String contentType;

    @Column(name = "SIZE_BYTES", nullable = false)
    long size;

    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "CONTENT", nullable = false)
    String content;

    @Column(name = "CREATED_AT", nullable = false)
    Instant createdAt;
}

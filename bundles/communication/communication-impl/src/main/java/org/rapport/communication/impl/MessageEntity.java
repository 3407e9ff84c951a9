package org.rapport.communication.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.TableGenerator;
import javax.persistence.UniqueConstraint;

import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageStatus;
import org.rapport.persistence.Columns;

/**
 * A message in the outbox and log. The dispatcher finds due messages by status and
 * {@code NEXT_ATTEMPT_AT}, and claims one by moving its {@code NEXT_ATTEMPT_AT} forward.
 */
@Entity
@Table(name = "COMM_MESSAGE",
        indexes = {@Index(name = "IX_COMM_MESSAGE_DUE", columnList = "STATUS,NEXT_ATTEMPT_AT"),
                @Index(name = "IX_COMM_MESSAGE_CONTACT", columnList = "CONTACT_ID,ID")},
        uniqueConstraints = @UniqueConstraint(name = "UQ_COMM_MESSAGE_REFERENCE", columnNames = "REFERENCE"))
class MessageEntity {

    @Id
    @TableGenerator(name = "COMM_MESSAGE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "COMM_MESSAGE", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "COMM_MESSAGE_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CONTACT_ID", nullable = false)
    long contactId;

    @Column(name = "CHANNEL", nullable = false, length = 60)
    String channel;

    @Column(name = "TEMPLATE", nullable = false, length = 60)
    String template;

    @Column(name = "LANGUAGE", nullable = false, length = 35)
    String language;

    @Column(name = "PURPOSE", nullable = false, length = 60)
    String purpose;

    @Column(name = "ADDRESS", nullable = false, length = 320)
    String address;

    @Column(name = "SUBJECT", length = 998)
    String subject;

    @Lob
    @Column(name = "BODY", nullable = false)
    String body;

    /** The rendered HTML body, or null when the template has none (migration V4). */
    @Lob
    @Column(name = "HTML")
    String html;

    /** The files the message carries until it leaves ({@link MessageFiles}), or null (migration V6). */
    @Lob
    @Column(name = "ATTACHMENTS")
    String attachments;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false, length = 10)
    MessageStatus status;

    @Column(name = "ATTEMPTS", nullable = false)
    int attempts;

    @Column(name = "LAST_ERROR", length = 1000)
    String lastError;

    @Column(name = "PROVIDER_REF", length = 300)
    String providerReference;

    /**
     * Drawn at the message's first attempt and kept for every later one ({@code OutgoingMessage.deliveryKey}):
     * the email channel's {@code Message-ID} is made of it (migration V9).
     */
    @Column(name = "DELIVERY_KEY", length = 32)
    String deliveryKey;

    @Column(name = "REFERENCE", length = 200)
    String reference;

    @Column(name = "REQUESTER", nullable = false, length = 120)
    String requester;

    /** The sender's header fields, one {@code Name: value} a line ({@link MessageHeaders}), or null. */
    @Column(name = "HEADERS", length = 2000)
    String headers;

    /** The id of the inbound message this one answers ({@code In-Reply-To}), or null. */
    @Column(name = "IN_REPLY_TO", length = 500)
    String inReplyTo;

    /** The thread it continues ({@code References}), one id a line, oldest first, or null. */
    @Column(name = "REFS", length = 4000)
    String references;

    /** Who keeps the message from readers who may not see it ({@code SendRequest.keeper}), or null (migration V10). */
    @Column(name = "KEEPER", length = 40)
    String keeper;

    /** The keeper's label (a service desk: the queue of the case the message answers). */
    @Column(name = "LABEL", length = 200)
    String label;

    @Column(name = "CREATED_AT", nullable = false)
    Instant createdAt;

    @Column(name = "NEXT_ATTEMPT_AT")
    Instant nextAttemptAt;

    @Column(name = "SENT_AT")
    Instant sentAt;

    protected MessageEntity() {
    }

    MessageEntity(long contactId, String channel, String template, String language, String purpose, String address,
            String subject, String body, String reference, String requester, Instant now) {
        this.contactId = contactId;
        this.channel = channel;
        this.template = template;
        this.language = language;
        this.purpose = purpose;
        this.address = address;
        this.subject = subject;
        this.body = body;
        this.reference = reference;
        this.requester = Columns.clip(requester, 120);
        this.status = MessageStatus.QUEUED;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    Message toMessage() {
        return new Message(id, contactId, channel, template, language, purpose, address, subject, body, status, attempts,
                lastError, providerReference, reference, requester, createdAt, nextAttemptAt, sentAt, html);
    }
}

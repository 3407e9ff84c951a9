package org.rapport.communication.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundMessage;

/** A message that came in; one per channel and sender's id ({@code EXTERNAL_ID}). */
@Entity
@Table(name = "COMM_INBOUND", indexes = @Index(name = "IX_COMM_INBOUND_CONTACT", columnList = "CONTACT_ID,ID"),
        uniqueConstraints = @UniqueConstraint(name = "UQ_COMM_INBOUND_EXTERNAL", columnNames = {"CHANNEL", "EXTERNAL_ID"}))
class InboundEntity {

    @Id
    @TableGenerator(name = "COMM_INBOUND_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "COMM_INBOUND", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "COMM_INBOUND_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CHANNEL", nullable = false, length = 60)
    String channel;

    @Column(name = "SENDER", nullable = false, length = 320)
    String sender;

    @Column(name = "CONTACT_ID")
    Long contactId;

    @Column(name = "SUBJECT", length = 998)
    String subject;

    @Lob
    @Column(name = "BODY")
    String body;

    @Column(name = "EXTERNAL_ID", nullable = false, length = 500)
    String externalId;

    @Column(name = "IN_REPLY_TO", length = 500)
    String inReplyTo;

    /** The {@code References}, one id a line, oldest first. */
    @Column(name = "REFS", length = 4000)
    String references;

    @Column(name = "ANSWERS")
    Long answers;

    @Enumerated(EnumType.STRING)
    @Column(name = "KIND", nullable = false, length = 12)
    InboundKind kind;

    @Column(name = "RECEIVED_AT", nullable = false)
    Instant receivedAt;

    /** Why the sender was not taken as who it says (a failing SPF, DKIM or DMARC result), or null. */
    @Column(name = "UNAUTHENTICATED", length = 200)
    String unauthenticated;

    /** Whether the sender was vouched for ({@link InboundMessage#authenticated()}); null, from before, is not. */
    @Column(name = "AUTHENTICATED")
    Boolean authenticated;

    /** What filed the message ({@code InboundService.file}: a service desk), whose access says who reads it; null for none. */
    @Column(name = "KEEPER", length = 40)
    String keeper;

    /** The keeper's label (a service desk: the queue of the message's case). */
    @Column(name = "LABEL", length = 200)
    String label;

    /**
     * The thread a reply to this message continues, oldest first, ending with this message's id;
     * the newest ids, as RFC 5322 advises when the field grows long, as many as a column holds;
     * empty when the message has no id to thread on (a mail without {@code Message-ID}, a gateway's id).
     */
    List<String> thread() {
        if (MailParser.firstId(externalId) == null) {
            return List.of();
        }
        List<String> thread = new ArrayList<>(toMessage().references());
        thread.add(externalId);
        while (thread.size() > 20 || String.join("\n", thread).length() > 4000) {
            thread.remove(0);
        }
        return thread;
    }

    InboundMessage toMessage() {
        List<String> refs = references == null || references.isEmpty() ? List.of() : Arrays.asList(references.split("\n"));
        return new InboundMessage(id, channel, sender, contactId, subject, body == null ? "" : body, externalId, inReplyTo,
                refs, answers, receivedAt, kind, unauthenticated, null, Boolean.TRUE.equals(authenticated));
    }
}

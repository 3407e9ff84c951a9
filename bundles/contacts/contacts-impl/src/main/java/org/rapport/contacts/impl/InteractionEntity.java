package org.rapport.contacts.impl;

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

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Direction;
import org.rapport.contacts.api.Interaction;

@Entity
@Table(name = "INTERACTION", indexes = @Index(name = "IX_INTERACTION_TIMELINE", columnList = "CONTACT_ID,OCCURRED_AT"))
class InteractionEntity {

    @Id
    @TableGenerator(name = "INTERACTION_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "INTERACTION", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "INTERACTION_ID")
    private long id;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Enumerated(EnumType.STRING)
    @Column(name = "CHANNEL", nullable = false, length = 16)
    private Channel channel;

    @Enumerated(EnumType.STRING)
    @Column(name = "DIRECTION", nullable = false, length = 8)
    private Direction direction;

    @Column(name = "TYPE", nullable = false, length = 64)
    private String type;

    @Column(name = "OCCURRED_AT", nullable = false)
    private Instant occurredAt;

    @Column(name = "SUMMARY", length = 1000)
    private String summary;

    /** The payload as {@link Payloads} writes it; null when empty. */
    @Lob
    @Column(name = "PAYLOAD")
    private String payload;

    @Column(name = "SOURCE", nullable = false, length = 200)
    private String source;

    @Column(name = "RECORDED_AT", nullable = false)
    private Instant recordedAt;

    protected InteractionEntity() {
    }

    InteractionEntity(long contactId, Channel channel, Direction direction, String type, Instant occurredAt,
            String summary, String payload, String source, Instant recordedAt) {
        this.contactId = contactId;
        this.channel = channel;
        this.direction = direction;
        this.type = type;
        this.occurredAt = occurredAt;
        this.summary = summary;
        this.payload = payload;
        this.source = source;
        this.recordedAt = recordedAt;
    }

    Interaction toDto() {
        return new Interaction(id, contactId, channel, direction, type, occurredAt, summary, Payloads.read(payload),
                source, recordedAt);
    }
}

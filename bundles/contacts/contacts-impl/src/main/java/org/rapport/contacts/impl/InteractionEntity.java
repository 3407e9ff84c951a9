package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

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

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Direction;
import org.rapport.contacts.api.Interaction;

@Entity
@Table(name = "INTERACTION", uniqueConstraints = @UniqueConstraint(name = "UQ_INTERACTION_EVENT", columnNames = "EVENT_ID"),
        indexes = {
        @Index(name = "IX_INTERACTION_TIMELINE", columnList = "CONTACT_ID,OCCURRED_AT"),
        @Index(name = "IX_INTERACTION_TYPE", columnList = "TYPE,OCCURRED_AT"),
        @Index(name = "IX_INTERACTION_RECORDED_AT", columnList = "RECORDED_AT")})
class InteractionEntity {

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1e16");

    @Id
    // A block of a thousand: taking one locks the sequence's row until the transaction that took it commits,
    // and every purchase puts an interaction on the timeline, so a block holds hundreds of purchases up rarely.
    @TableGenerator(name = "INTERACTION_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "INTERACTION", allocationSize = 1_000)
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

    /** The payload's {@code amount} when it is a number (a purchase's value), for segments and RFM scores. */
    @Column(name = "AMOUNT", precision = 21, scale = 4)
    private BigDecimal amount;

    /** The payload's {@code currency} beside an amount. */
    @Column(name = "CURRENCY", length = 3)
    private String currency;

    @Column(name = "SOURCE", nullable = false, length = 200)
    private String source;

    @Column(name = "RECORDED_AT", nullable = false)
    private Instant recordedAt;

    /** The sending system's id of the event; unique, so a second delivery cannot be stored. */
    @Column(name = "EVENT_ID", length = 200)
    private String eventId;

    protected InteractionEntity() {
    }

    InteractionEntity(long contactId, Channel channel, Direction direction, String type, Instant occurredAt,
            String summary, Map<String, String> payload, String source, Instant recordedAt, String eventId) {
        this.contactId = contactId;
        this.eventId = eventId;
        this.channel = channel;
        this.direction = direction;
        this.type = type;
        this.occurredAt = occurredAt;
        this.summary = summary;
        this.payload = Payloads.write(payload);
        this.amount = amount(payload.get("amount"));
        this.currency = amount == null ? null : currency(payload.get("currency"));
        this.source = source;
        this.recordedAt = recordedAt;
    }

    private static BigDecimal amount(String text) {
        if (text == null) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.strip());
            return value.abs().compareTo(MAX_AMOUNT) < 0 ? value.setScale(4, RoundingMode.HALF_EVEN) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String currency(String text) {
        return text != null && text.strip().matches("[A-Za-z]{3}") ? text.strip().toUpperCase(Locale.ROOT) : null;
    }

    Interaction toDto() {
        return new Interaction(id, contactId, channel, direction, type, occurredAt, summary, Payloads.read(payload),
                source, recordedAt, eventId);
    }
}

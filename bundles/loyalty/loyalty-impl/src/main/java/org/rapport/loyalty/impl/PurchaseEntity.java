package org.rapport.loyalty.impl;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

import org.rapport.loyalty.api.PurchaseEvent;

/** A purchase as reported, keyed by the ledger entry that credited its points. */
@Entity
@Table(name = "LOYALTY_PURCHASE", indexes = @Index(name = "IX_PURCHASE_CONTACT_TIME", columnList = "CONTACT_ID,OCCURRED_AT"))
class PurchaseEntity {

    @Id
    @Column(name = "ENTRY_ID")
    private long entryId;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "EVENT_ID", nullable = false, length = 100)
    private String eventId;

    @Column(name = "AMOUNT", nullable = false, precision = 19, scale = 2)
    private BigDecimal amount;

    @Column(name = "CURRENCY", nullable = false, length = 3)
    private String currency;

    @Column(name = "CHANNEL", length = 60)
    private String channel;

    @Column(name = "CATEGORY", length = 60)
    private String category;

    @Column(name = "OCCURRED_AT", nullable = false)
    private Instant occurredAt;

    protected PurchaseEntity() {
    }

    PurchaseEntity(long entryId, PurchaseEvent event, Instant occurredAt) {
        this.entryId = entryId;
        this.contactId = event.contactId();
        this.eventId = event.eventId();
        this.amount = event.amount().setScale(2);
        this.currency = event.currency();
        this.channel = event.channel();
        this.category = event.category();
        this.occurredAt = occurredAt;
    }

    /** Whether {@code event} reports this purchase again, or something else under its id. */
    boolean sameAs(PurchaseEvent event) {
        return contactId == event.contactId() && amount.compareTo(event.amount()) == 0
                && currency.equals(event.currency()) && Objects.equals(channel, event.channel())
                && Objects.equals(category, event.category())
                && (event.occurredAt() == null || occurredAt.equals(event.occurredAt()));
    }

    @Override
    public String toString() {
        return "contact " + contactId + ", " + amount.toPlainString() + " " + currency + ", channel " + channel
                + ", category " + category + ", at " + occurredAt;
    }
}

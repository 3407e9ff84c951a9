package org.rapport.loyalty.impl;

import java.math.BigDecimal;
import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

@Entity
@Table(name = "LOYALTY_PURCHASE", indexes = @Index(name = "IX_PURCHASE_CONTACT_TIME", columnList = "CONTACT_ID,OCCURRED_AT"))
class PurchaseEntity {

    @Id
    // Ids come from a table so the same mapping works on Derby and PostgreSQL; blocks of 50 keep inserts fast.
    @TableGenerator(name = "LOYALTY_PURCHASE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "LOYALTY_PURCHASE", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "LOYALTY_PURCHASE_ID")
    private long id;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "AMOUNT", nullable = false, precision = 19, scale = 2)
    private BigDecimal amount;

    @Column(name = "OCCURRED_AT", nullable = false)
    private Instant occurredAt;

    protected PurchaseEntity() {
    }

    PurchaseEntity(long contactId, BigDecimal amount, Instant occurredAt) {
        this.contactId = contactId;
        this.amount = amount;
        this.occurredAt = occurredAt;
    }
}

package org.rapport.loyalty.impl;

import java.math.BigDecimal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.loyalty.api.PurchaseLine;

/** One line of a booked purchase, keyed by the purchase's ledger entry and its place in the purchase. */
@Entity
@Table(name = "LOYALTY_PURCHASE_LINE", indexes = @Index(name = "IX_PURCHASE_LINE_CONTACT", columnList = "CONTACT_ID"))
class PurchaseLineEntity {

    @Id
    @TableGenerator(name = "LOYALTY_PURCHASE_LINE_ID", table = "RAPPORT_ID", pkColumnName = "NAME",
            valueColumnName = "NEXT_ID", pkColumnValue = "LOYALTY_PURCHASE_LINE", allocationSize = EntryEntity.ID_BLOCK)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "LOYALTY_PURCHASE_LINE_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "ENTRY_ID", nullable = false)
    private long entryId;

    @Column(name = "LINE_NO", nullable = false)
    private int lineNo;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "SKU", nullable = false, length = 60)
    private String sku;

    @Column(name = "CATEGORY", length = 60)
    private String category;

    @Column(name = "QUANTITY", nullable = false)
    private int quantity;

    @Column(name = "UNIT_PRICE", nullable = false, precision = 19, scale = 2)
    private BigDecimal unitPrice;

    protected PurchaseLineEntity() {
    }

    PurchaseLineEntity(long entryId, int lineNo, long contactId, PurchaseLine line) {
        this.entryId = entryId;
        this.lineNo = lineNo;
        this.contactId = contactId;
        this.sku = line.sku();
        this.category = line.category();
        this.quantity = line.quantity();
        this.unitPrice = line.unitPrice().setScale(2);
    }

    PurchaseLine view() {
        return new PurchaseLine(sku, category, quantity, unitPrice);
    }

    long entryId() {
        return entryId;
    }
}

package org.rapport.sales.impl;

import java.math.BigDecimal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.sales.api.OpportunityLine;

/** A product line of an opportunity, as stored in {@code SALES_OPPORTUNITY_LINE}. */
@Entity
@Table(name = "SALES_OPPORTUNITY_LINE", indexes = @Index(name = "IX_SALES_OPP_LINE_OPP", columnList = "OPPORTUNITY_ID,LINE_INDEX"))
class OpportunityLineEntity {

    @Id
    @TableGenerator(name = "SALES_OPPORTUNITY_LINE_ID", table = "RAPPORT_ID", pkColumnName = "NAME",
            valueColumnName = "NEXT_ID", pkColumnValue = "SALES_OPPORTUNITY_LINE", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "SALES_OPPORTUNITY_LINE_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "OPPORTUNITY_ID", nullable = false)
    long opportunityId;

    /** Its place among the opportunity's lines, from 0. */
    @Column(name = "LINE_INDEX", nullable = false)
    int position;

    @Column(name = "SKU", length = 60)
    String sku;

    @Column(name = "NAME", length = 200)
    String name;

    @Column(name = "QUANTITY", nullable = false, precision = 19, scale = 4)
    BigDecimal quantity;

    @Column(name = "UNIT_PRICE", nullable = false, precision = 19, scale = 4)
    BigDecimal unitPrice;

    @Column(name = "CURRENCY", nullable = false, length = 3)
    String currency;

    OpportunityLine toLine() {
        return new OpportunityLine(sku, name, quantity, unitPrice, currency);
    }
}

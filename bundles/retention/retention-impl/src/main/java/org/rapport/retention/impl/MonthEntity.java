package org.rapport.retention.impl;

import java.math.BigDecimal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;
import javax.persistence.UniqueConstraint;

/** A customer's purchases, spend and visits in one calendar month (UTC), as {@code yyyymm}. */
@Entity
@Table(name = "RETENTION_MONTH",
        uniqueConstraints = @UniqueConstraint(name = "UQ_RETENTION_MONTH", columnNames = {"CONTACT_ID", "MONTH"}),
        indexes = @Index(name = "IX_RETENTION_MONTH", columnList = "MONTH,CONTACT_ID"))
class MonthEntity {

    @Id
    @TableGenerator(name = "RETENTION_MONTH_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "RETENTION_MONTH", allocationSize = 100)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "RETENTION_MONTH_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CONTACT_ID", nullable = false)
    long contactId;

    @Column(name = "MONTH", nullable = false)
    int month;

    @Column(name = "PURCHASES", nullable = false)
    int purchases;

    @Column(name = "SPEND", nullable = false, precision = 19, scale = 4)
    BigDecimal spend = BigDecimal.ZERO;

    @Column(name = "VISITS", nullable = false)
    int visits;

    protected MonthEntity() {
    }

    MonthEntity(long contactId, int month) {
        this.contactId = contactId;
        this.month = month;
    }
}

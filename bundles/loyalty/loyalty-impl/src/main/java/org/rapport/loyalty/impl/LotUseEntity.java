package org.rapport.loyalty.impl;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

/** Points a debiting entry took from a lot, so a reversal can put them back where they were. */
@Entity
@Table(name = "LOYALTY_LOT_USE", indexes = @Index(name = "IX_LOT_USE_ENTRY", columnList = "ENTRY_ID"))
class LotUseEntity {

    @Id
    @TableGenerator(name = "LOYALTY_LOT_USE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "LOYALTY_LOT_USE", allocationSize = 100)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "LOYALTY_LOT_USE_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "ENTRY_ID", nullable = false)
    private long entryId;

    @Column(name = "LOT_ID", nullable = false)
    private long lotId;

    @Column(name = "POINTS", nullable = false)
    private long points;

    protected LotUseEntity() {
    }

    LotUseEntity(long entryId, long lotId, long points) {
        this.entryId = entryId;
        this.lotId = lotId;
        this.points = points;
    }

    long lotId() {
        return lotId;
    }

    long points() {
        return points;
    }
}

package org.rapport.sales.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.sales.api.StageChange;

/** One move of an opportunity between stages, as stored in {@code SALES_STAGE_CHANGE}. Never changed. */
@Entity
@Table(name = "SALES_STAGE_CHANGE", indexes = @Index(name = "IX_SALES_STAGE_CHANGE_OPP", columnList = "OPPORTUNITY_ID,ID"))
class StageChangeEntity {

    @Id
    @TableGenerator(name = "SALES_STAGE_CHANGE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "SALES_STAGE_CHANGE", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "SALES_STAGE_CHANGE_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "OPPORTUNITY_ID", nullable = false)
    long opportunityId;

    @Column(name = "FROM_STAGE", length = 40)
    String fromStage;

    @Column(name = "TO_STAGE", nullable = false, length = 40)
    String toStage;

    @Column(name = "CHANGED_AT", nullable = false)
    Instant changedAt;

    @Column(name = "ACTOR", nullable = false, length = 120)
    String actor;

    @Column(name = "REASON", length = 500)
    String reason;

    protected StageChangeEntity() {
    }

    StageChangeEntity(long opportunityId, String fromStage, String toStage, Instant changedAt, String actor, String reason) {
        this.opportunityId = opportunityId;
        this.fromStage = fromStage;
        this.toStage = toStage;
        this.changedAt = changedAt;
        this.actor = actor;
        this.reason = reason;
    }

    StageChange toChange() {
        return new StageChange(opportunityId, fromStage, toStage, changedAt, actor, reason);
    }
}

package org.rapport.loyalty.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.loyalty.api.TierChange;
import org.rapport.rules.api.Decision;

/** A member's move from one tier to another, with the decision behind it. */
@Entity
@Table(name = "LOYALTY_TIER_CHANGE", indexes = @Index(name = "IX_TIER_CHANGE_CONTACT", columnList = "CONTACT_ID,ID"))
class TierChangeEntity {

    @Id
    @TableGenerator(name = "LOYALTY_TIER_CHANGE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "LOYALTY_TIER_CHANGE", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "LOYALTY_TIER_CHANGE_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "FROM_TIER", length = 60)
    private String fromTier;

    @Column(name = "TO_TIER", nullable = false, length = 60)
    private String toTier;

    @Column(name = "RULE_NAME", nullable = false, length = 250)
    private String rule;

    @Column(name = "RULE_PACKAGE", nullable = false, length = 64)
    private String rulePackage;

    @Column(name = "RULE_RELEASE", nullable = false)
    private long ruleRelease;

    @Column(name = "CHANGED_AT", nullable = false)
    private Instant changedAt;

    @Column(name = "ACTIVITY", length = 500)
    private String activity;

    protected TierChangeEntity() {
    }

    TierChangeEntity(long contactId, String fromTier, String toTier, Decision decision, Instant changedAt,
            String activity) {
        this.contactId = contactId;
        this.fromTier = fromTier;
        this.toTier = toTier;
        this.rule = decision.rule();
        this.rulePackage = decision.rulePackage();
        this.ruleRelease = decision.release();
        this.changedAt = changedAt;
        this.activity = activity.length() > 500 ? activity.substring(0, 500) : activity;
    }

    TierChange toChange() {
        return new TierChange(contactId, fromTier, toTier, rule, ReleaseLabels.label(rulePackage, ruleRelease), changedAt,
                activity);
    }
}

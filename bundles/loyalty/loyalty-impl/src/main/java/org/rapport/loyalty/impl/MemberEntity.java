package org.rapport.loyalty.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

import org.rapport.rules.api.Decision;

/** A contact's membership: the tier the rules decided, and which rule of which release decided it. */
@Entity
@Table(name = "LOYALTY_MEMBER")
class MemberEntity {

    @Id
    @Column(name = "CONTACT_ID")
    private long contactId;

    @Column(name = "TIER", length = 60)
    private String tier;

    @Column(name = "TIER_RULE", length = 250)
    private String tierRule;

    @Column(name = "TIER_PACKAGE", length = 64)
    private String tierPackage;

    @Column(name = "TIER_RELEASE")
    private long tierRelease;

    @Column(name = "TIER_SINCE")
    private Instant tierSince;

    @Column(name = "TIER_DECIDED_AT")
    private Instant tierDecidedAt;

    /** Two purchases by one member at once: the later commit fails instead of losing a decision. */
    @Version
    @Column(name = "VERSION")
    private long version;

    protected MemberEntity() {
    }

    MemberEntity(long contactId) {
        this.contactId = contactId;
    }

    String tier() {
        return tier;
    }

    String tierRule() {
        return tierRule;
    }

    String tierRelease() {
        return tierPackage == null ? null : tierPackage + " v" + tierRelease;
    }

    Instant tierSince() {
        return tierSince;
    }

    /** Applies a tier decision; the tier's start only moves when the tier changes. */
    void apply(Decision decision, String newTier, Instant now) {
        if (!newTier.equals(tier)) {
            tier = newTier;
            tierSince = now;
        }
        tierRule = decision.rule();
        tierPackage = decision.rulePackage();
        tierRelease = decision.release();
        tierDecidedAt = now;
    }
}

package org.rapport.loyalty.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.rules.api.Decision;

/**
 * A contact's membership: the balance (kept equal to the sum of the member's ledger lines, and
 * the row every booking for the member locks first), the tier the rules decided and which rule
 * of which release decided it, and the grace period the member may be in.
 */
@Entity
@Table(name = "LOYALTY_MEMBER")
class MemberEntity {

    @Id
    @Column(name = "CONTACT_ID")
    private long contactId;

    @Column(name = "BALANCE", nullable = false)
    private long balance;

    @Column(name = "JOINED_AT")
    private Instant joinedAt;

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

    @Column(name = "AT_RISK_SINCE")
    private Instant atRiskSince;

    protected MemberEntity() {
    }

    MemberEntity(long contactId, Instant joinedAt) {
        this.contactId = contactId;
        this.joinedAt = joinedAt;
    }

    long contactId() {
        return contactId;
    }

    long balance() {
        return balance;
    }

    void book(long points) {
        if (balance + points < 0) {
            throw new IllegalStateException("member " + contactId + ": booking " + points + " on a balance of "
                    + balance + " would make it negative");
        }
        balance += points;
    }

    Instant joinedAt() {
        return joinedAt;
    }

    String tier() {
        return tier;
    }

    String tierRule() {
        return tierRule;
    }

    String tierRelease() {
        return tierPackage == null ? null : ReleaseLabels.label(tierPackage, tierRelease);
    }

    Instant tierSince() {
        return tierSince;
    }

    Instant atRiskSince() {
        return atRiskSince;
    }

    /** Moves the member to a tier; a new tier ends any grace period. */
    void moveTo(String newTier, Decision decision, Instant now) {
        tier = newTier;
        tierSince = now;
        tierRule = decision.rule();
        tierPackage = decision.rulePackage();
        tierRelease = decision.release();
        atRiskSince = null;
    }

    /** Starts the grace period if it has not started; true if it did. */
    boolean atRisk(Instant now) {
        if (atRiskSince != null) {
            return false;
        }
        atRiskSince = now;
        return true;
    }

    /** Ends the grace period; true if there was one. */
    boolean safe() {
        if (atRiskSince == null) {
            return false;
        }
        atRiskSince = null;
        return true;
    }
}

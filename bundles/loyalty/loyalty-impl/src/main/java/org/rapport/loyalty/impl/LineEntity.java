package org.rapport.loyalty.impl;

import java.time.Instant;
import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.loyalty.api.PointsEntry;
import org.rapport.rules.api.Decision;

/**
 * One side of a ledger entry: points on the member's account ({@code MEMBER}) or on the
 * programme account that balances them. Member lines carry what tier windows need (qualifying,
 * activity time) so a member's qualifying points are one indexed sum.
 */
@Entity
@Table(name = "LOYALTY_LINE", indexes = {@Index(name = "IX_LINE_ENTRY", columnList = "ENTRY_ID"),
        @Index(name = "IX_LINE_MEMBER", columnList = "CONTACT_ID,ACCOUNT,ACTIVITY_AT")})
class LineEntity {

    @Id
    @TableGenerator(name = "LOYALTY_LINE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "LOYALTY_LINE", allocationSize = EntryEntity.ID_BLOCK)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "LOYALTY_LINE_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "ENTRY_ID", nullable = false)
    private long entryId;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "ACCOUNT", nullable = false, length = 40)
    private String account;

    @Column(name = "POINTS", nullable = false)
    private long points;

    @Column(name = "QUALIFYING", nullable = false)
    private boolean qualifying;

    @Column(name = "ACTIVITY_AT", nullable = false)
    private Instant activityAt;

    @Column(name = "RULE_NAME", length = 250)
    private String rule;

    @Column(name = "RULE_PACKAGE", length = 64)
    private String rulePackage;

    @Column(name = "RULE_RELEASE")
    private Long ruleRelease;

    @Column(name = "EXPIRES_ON")
    private LocalDate expiresOn;

    protected LineEntity() {
    }

    LineEntity(EntryEntity entry, String account, long points, boolean qualifying) {
        this.entryId = entry.id();
        this.contactId = entry.contactId();
        this.activityAt = entry.activityAt();
        this.account = account;
        this.points = points;
        this.qualifying = qualifying;
    }

    LineEntity decidedBy(Decision decision) {
        this.rule = decision.rule();
        this.rulePackage = decision.rulePackage();
        this.ruleRelease = decision.release();
        return this;
    }

    /** The same rule and release as {@code line}: a reversal names what decided the line it undoes. */
    LineEntity decidedLike(LineEntity line) {
        this.rule = line.rule;
        this.rulePackage = line.rulePackage;
        this.ruleRelease = line.ruleRelease;
        return this;
    }

    LineEntity expiringOn(LocalDate day) {
        this.expiresOn = day;
        return this;
    }

    /** The activity this line counts for happened at {@code time}, not at its entry's (a qualifying line moved in a transfer). */
    LineEntity at(Instant time) {
        this.activityAt = time;
        return this;
    }

    Instant activityAt() {
        return activityAt;
    }

    LocalDate expiresOn() {
        return expiresOn;
    }

    long id() {
        return id;
    }

    long entryId() {
        return entryId;
    }

    String account() {
        return account;
    }

    long points() {
        return points;
    }

    boolean qualifying() {
        return qualifying;
    }

    PointsEntry.Line toLine() {
        return new PointsEntry.Line(account, points, qualifying, rule,
                rulePackage == null ? null : ReleaseLabels.label(rulePackage, ruleRelease), expiresOn);
    }
}

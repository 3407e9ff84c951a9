package org.rapport.loyalty.impl;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * Points credited to a member by one ledger line, and how many of them are left: redemptions,
 * debits and expiry take from the lot that expires first. Its id is the crediting line's.
 */
@Entity
@Table(name = "LOYALTY_LOT", indexes = {@Index(name = "IX_LOT_MEMBER", columnList = "CONTACT_ID,EXPIRES_ON"),
        @Index(name = "IX_LOT_EXPIRY", columnList = "EXPIRES_ON,REMAINING"), @Index(name = "IX_LOT_ENTRY", columnList = "ENTRY_ID")})
class LotEntity {

    @Id
    @Column(name = "LINE_ID")
    private long lineId;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "ENTRY_ID", nullable = false)
    private long entryId;

    @Column(name = "POINTS", nullable = false)
    private long points;

    @Column(name = "REMAINING", nullable = false)
    private long remaining;

    @Column(name = "EXPIRES_ON", nullable = false)
    private LocalDate expiresOn;

    protected LotEntity() {
    }

    LotEntity(LineEntity line, long contactId, LocalDate expiresOn) {
        this.lineId = line.id();
        this.entryId = line.entryId();
        this.contactId = contactId;
        this.points = line.points();
        this.remaining = line.points();
        this.expiresOn = expiresOn;
    }

    long lineId() {
        return lineId;
    }

    long entryId() {
        return entryId;
    }

    long points() {
        return points;
    }

    long remaining() {
        return remaining;
    }

    LocalDate expiresOn() {
        return expiresOn;
    }

    /** Takes up to {@code wanted} points; returns how many it took. */
    long take(long wanted) {
        long taken = Math.min(wanted, remaining);
        remaining -= taken;
        return taken;
    }

    void giveBack(long points) {
        if (remaining + points > this.points) {
            throw new IllegalStateException("lot " + lineId + " would hold " + (remaining + points) + " of "
                    + this.points + " points");
        }
        remaining += points;
    }
}

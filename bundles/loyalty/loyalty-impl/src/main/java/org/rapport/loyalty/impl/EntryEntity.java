package org.rapport.loyalty.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;
import javax.persistence.UniqueConstraint;

import org.rapport.loyalty.api.EntryKind;

/**
 * A ledger entry: one transaction of points, with its lines in {@link LineEntity}. Written once,
 * never updated: the unique {@code SOURCE} makes every source booked at most once.
 */
@Entity
@Table(name = "LOYALTY_ENTRY", uniqueConstraints = @UniqueConstraint(name = "UX_ENTRY_SOURCE", columnNames = "SOURCE"),
        indexes = {@Index(name = "IX_ENTRY_CONTACT", columnList = "CONTACT_ID,ID"),
                @Index(name = "IX_ENTRY_REVERSES", columnList = "REVERSES")})
class EntryEntity {

    /**
     * How many ids of an entry, its lines and a purchase's lines are taken from {@code RAPPORT_ID}
     * at once. Taking a block updates the sequence's row in the transaction that needs it, and the
     * row stays locked until that transaction commits, so every purchase that runs out meanwhile
     * waits for it: a block of a thousand makes that once in hundreds of purchases rather than once
     * in tens (ids a node had not handed out when it stopped are skipped).
     */
    static final int ID_BLOCK = 1_000;

    @Id
    @TableGenerator(name = "LOYALTY_ENTRY_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "LOYALTY_ENTRY", allocationSize = EntryEntity.ID_BLOCK)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "LOYALTY_ENTRY_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Enumerated(EnumType.STRING)
    @Column(name = "KIND", nullable = false, length = 10)
    private EntryKind kind;

    @Column(name = "POINTS", nullable = false)
    private long points;

    @Column(name = "QUALIFYING_POINTS", nullable = false)
    private long qualifyingPoints;

    @Column(name = "SOURCE", nullable = false, length = 200)
    private String source;

    @Column(name = "ACTIVITY_AT", nullable = false)
    private Instant activityAt;

    @Column(name = "RECORDED_AT", nullable = false)
    private Instant recordedAt;

    @Column(name = "ACTOR", nullable = false, length = 120)
    private String actor;

    @Column(name = "NOTE", length = 500)
    private String note;

    @Column(name = "REVERSES")
    private Long reverses;

    @Column(name = "REWARD", length = 40)
    private String reward;

    protected EntryEntity() {
    }

    EntryEntity(long contactId, EntryKind kind, String source, Instant activityAt, Instant recordedAt, String actor,
            String note) {
        this.contactId = contactId;
        this.kind = kind;
        this.source = source;
        this.activityAt = activityAt;
        this.recordedAt = recordedAt;
        this.actor = actor;
        this.note = note;
    }

    EntryEntity reversing(long entryId) {
        this.reverses = entryId;
        return this;
    }

    EntryEntity forReward(String code) {
        this.reward = code;
        return this;
    }

    /** Sets the totals from the entry's lines, before it is first written. */
    void total(long points, long qualifyingPoints) {
        this.points = points;
        this.qualifyingPoints = qualifyingPoints;
    }

    long id() {
        return id;
    }

    long contactId() {
        return contactId;
    }

    EntryKind kind() {
        return kind;
    }

    long points() {
        return points;
    }

    long qualifyingPoints() {
        return qualifyingPoints;
    }

    String source() {
        return source;
    }

    Instant activityAt() {
        return activityAt;
    }

    Instant recordedAt() {
        return recordedAt;
    }

    String actor() {
        return actor;
    }

    String note() {
        return note;
    }

    Long reverses() {
        return reverses;
    }

    String reward() {
        return reward;
    }
}

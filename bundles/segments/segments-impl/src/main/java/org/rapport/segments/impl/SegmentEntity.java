package org.rapport.segments.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentKind;

/** A saved segment: its condition, and its size as last refreshed. */
@Entity
@Table(name = "SEGMENT")
class SegmentEntity {

    @Id
    @Column(name = "NAME", nullable = false, length = 64)
    private String name;

    @Column(name = "DESCRIPTION", length = 500)
    private String description;

    @Column(name = "CONDITION_TEXT", nullable = false, length = 2000)
    private String condition;

    @Column(name = "MEMBERS", nullable = false)
    private long members;

    @Column(name = "REFRESHED_AT")
    private Instant refreshedAt;

    @Column(name = "CHANGED_AT", nullable = false)
    private Instant changedAt;

    @Column(name = "CHANGED_BY", nullable = false, length = 200)
    private String changedBy;

    @Enumerated(EnumType.STRING)
    @Column(name = "KIND", nullable = false, length = 20)
    private SegmentKind kind = SegmentKind.MARKETING;

    protected SegmentEntity() {
    }

    SegmentEntity(String name) {
        this.name = name;
    }

    void define(String description, String condition, SegmentKind kind, Instant now, String actor) {
        this.kind = kind;
        this.description = description;
        this.condition = condition;
        this.changedAt = now;
        this.changedBy = actor;
    }

    /** The size now; {@code refreshedAt} when computed whole, null when changed by a difference. */
    void members(long members, Instant refreshedAt) {
        this.members = members;
        if (refreshedAt != null) {
            this.refreshedAt = refreshedAt;
        }
    }

    String name() {
        return name;
    }

    String condition() {
        return condition;
    }

    SegmentKind kind() {
        return kind;
    }

    long members() {
        return members;
    }

    Segment toDto() {
        return new Segment(name, description, condition, members, refreshedAt, changedAt, changedBy, kind);
    }
}

package org.rapport.segments.impl;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

import org.rapport.segments.api.SegmentCount;

/** A segment's size at the end of a day (UTC), with the day's joiners and leavers. */
@Entity
@IdClass(SegmentCountEntity.Key.class)
@Table(name = "SEGMENT_COUNT")
class SegmentCountEntity {

    @Id
    @Column(name = "SEGMENT_NAME", nullable = false, length = 64)
    private String segment;

    @Id
    @Column(name = "DAY", nullable = false)
    private LocalDate day;

    @Column(name = "MEMBERS", nullable = false)
    private long members;

    @Column(name = "JOINED", nullable = false)
    private long joined;

    @Column(name = "LEFT_COUNT", nullable = false)
    private long left;

    protected SegmentCountEntity() {
    }

    SegmentCountEntity(String segment, LocalDate day) {
        this.segment = segment;
        this.day = day;
    }

    void add(long members, long joined, long left) {
        this.members = members;
        this.joined += joined;
        this.left += left;
    }

    LocalDate day() {
        return day;
    }

    long members() {
        return members;
    }

    SegmentCount toDto() {
        return new SegmentCount(day, members, joined, left);
    }

    /** The composite key: segment and day. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String segment;
        private LocalDate day;

        public Key() {
        }

        Key(String segment, LocalDate day) {
            this.segment = segment;
            this.day = day;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.day, day) && Objects.equals(k.segment, segment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(segment, day);
        }
    }
}

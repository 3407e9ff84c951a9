package org.rapport.segments.impl;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/** One contact's membership of one segment, since when. */
@Entity
@IdClass(SegmentMemberEntity.Key.class)
@Table(name = "SEGMENT_MEMBER", indexes = @Index(name = "IX_SEGMENT_MEMBER_CONTACT", columnList = "CONTACT_ID"))
class SegmentMemberEntity {

    @Id
    @Column(name = "SEGMENT_NAME", nullable = false, length = 64)
    private String segment;

    @Id
    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "JOINED_AT", nullable = false)
    private Instant joinedAt;

    protected SegmentMemberEntity() {
    }

    SegmentMemberEntity(String segment, long contactId, Instant joinedAt) {
        this.segment = segment;
        this.contactId = contactId;
        this.joinedAt = joinedAt;
    }

    /** The composite key: segment and contact. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String segment;
        private long contactId;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.contactId == contactId && Objects.equals(k.segment, segment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(segment, contactId);
        }
    }
}

package org.rapport.contacts.impl;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/** An interaction a merge moved to the survivor, to move it back on undo. */
@Entity
@IdClass(MergeMoveEntity.Key.class)
@Table(name = "CONTACT_MERGE_MOVE")
class MergeMoveEntity {

    @Id
    @Column(name = "MERGE_ID", nullable = false)
    private long mergeId;

    @Id
    @Column(name = "INTERACTION_ID", nullable = false)
    private long interactionId;

    protected MergeMoveEntity() {
    }

    /** The composite key: merge and interaction. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long mergeId;
        private long interactionId;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.mergeId == mergeId && k.interactionId == interactionId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(mergeId, interactionId);
        }
    }
}

package org.rapport.contacts.impl;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/** One tag of one contact; the index on the tag serves {@code tag:x} searches. */
@Entity
@IdClass(ContactTagEntity.Key.class)
@Table(name = "CONTACT_TAG", indexes = @Index(name = "IX_CONTACT_TAG_TAG", columnList = "TAG"))
class ContactTagEntity {

    @Id
    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Id
    @Column(name = "TAG", nullable = false, length = 32)
    private String tag;

    protected ContactTagEntity() {
    }

    ContactTagEntity(long contactId, String tag) {
        this.contactId = contactId;
        this.tag = tag;
    }

    long contactId() {
        return contactId;
    }

    String tag() {
        return tag;
    }

    /** The composite key: contact and tag. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long contactId;
        private String tag;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.contactId == contactId && Objects.equals(k.tag, tag);
        }

        @Override
        public int hashCode() {
            return Objects.hash(contactId, tag);
        }
    }
}

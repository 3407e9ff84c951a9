package org.rapport.contacts.impl;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Lob;
import javax.persistence.Table;

/**
 * A part of an import's upload, kept in the database while the import runs so that any node can
 * go on with it; the parts go when the import ends. Its content is the part's UTF-8 bytes in Base64
 * ({@link ImportContent}).
 */
@Entity
@Table(name = "CONTACT_IMPORT_PART")
@IdClass(ImportPartEntity.Key.class)
class ImportPartEntity {

    /** The key of a part: its import and its place in the upload. */
    static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String importId;
        private int seq;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.seq == seq && Objects.equals(k.importId, importId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(importId, seq);
        }
    }

    @Id
    @Column(name = "IMPORT_ID", length = 36)
    private String importId;

    @Id
    @Column(name = "SEQ")
    private int seq;

    @Lob
    @Column(name = "CONTENT", nullable = false)
    private String content;

    protected ImportPartEntity() {
    }

    ImportPartEntity(String importId, int seq, String content) {
        this.importId = importId;
        this.seq = seq;
        this.content = content;
    }

}

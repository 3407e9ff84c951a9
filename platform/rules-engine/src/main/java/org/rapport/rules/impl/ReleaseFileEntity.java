package org.rapport.rules.impl;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

/** The text of one file of a release, as it was accepted. */
@Entity
@Table(name = "RULE_RELEASE_FILE")
class ReleaseFileEntity {

    @Id
    @TableGenerator(name = "RULE_RELEASE_FILE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "RULE_RELEASE_FILE", allocationSize = 10)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "RULE_RELEASE_FILE_ID")
    private long id;

    @Column(name = "NAME", nullable = false, length = 255)
    private String name;

    @Lob
    @Column(name = "CONTENT", nullable = false)
    private String content;

    protected ReleaseFileEntity() {
    }

    ReleaseFileEntity(String name, String content) {
        this.name = name;
        this.content = content;
    }

    String name() {
        return name;
    }

    String content() {
        return content;
    }
}

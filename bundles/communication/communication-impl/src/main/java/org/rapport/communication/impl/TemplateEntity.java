package org.rapport.communication.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.TableGenerator;
import javax.persistence.UniqueConstraint;

import org.rapport.communication.api.Template;

/** The text of a template in one language. */
@Entity
@Table(name = "COMM_TEMPLATE",
        uniqueConstraints = @UniqueConstraint(name = "UQ_COMM_TEMPLATE", columnNames = {"CODE", "LANGUAGE"}))
class TemplateEntity {

    @Id
    @TableGenerator(name = "COMM_TEMPLATE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "COMM_TEMPLATE", allocationSize = 10)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "COMM_TEMPLATE_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CODE", nullable = false, length = 60)
    String code;

    @Column(name = "LANGUAGE", nullable = false, length = 35)
    String language;

    @Column(name = "SUBJECT", length = 998)
    String subject;

    @Lob
    @Column(name = "BODY", nullable = false)
    String body;

    /** The HTML body as checked and stored by {@link HtmlPolicy}, or null (migration V4). */
    @Lob
    @Column(name = "HTML")
    String html;

    @Column(name = "UPDATED_AT", nullable = false)
    Instant updatedAt;

    protected TemplateEntity() {
    }

    TemplateEntity(String code, String language) {
        this.code = code;
        this.language = language;
    }

    Template toTemplate() {
        return new Template(code, language, subject, body, updatedAt, html);
    }
}

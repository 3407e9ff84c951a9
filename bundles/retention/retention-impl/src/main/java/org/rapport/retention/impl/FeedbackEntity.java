package org.rapport.retention.impl;

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

import org.rapport.retention.api.Feedback;
import org.rapport.retention.api.FeedbackKind;

/** A survey answer or comment. */
@Entity
@Table(name = "RETENTION_FEEDBACK", indexes = {
        @Index(name = "IX_RETENTION_FEEDBACK_CONTACT", columnList = "CONTACT_ID,ID"),
        @Index(name = "IX_RETENTION_FEEDBACK_KIND", columnList = "KIND,OCCURRED_AT")})
class FeedbackEntity {

    @Id
    @TableGenerator(name = "RETENTION_FEEDBACK_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "RETENTION_FEEDBACK", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "RETENTION_FEEDBACK_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CONTACT_ID", nullable = false)
    long contactId;

    @Enumerated(EnumType.STRING)
    @Column(name = "KIND", nullable = false, length = 10)
    FeedbackKind kind;

    @Column(name = "SCORE")
    Integer score;

    @Column(name = "COMMENT_TEXT", length = 4000)
    String comment;

    @Column(name = "CHANNEL", nullable = false, length = 20)
    String channel;

    @Column(name = "OCCURRED_AT", nullable = false)
    Instant occurredAt;

    @Column(name = "SOURCE", nullable = false, length = 120)
    String source;

    protected FeedbackEntity() {
    }

    FeedbackEntity(long contactId, FeedbackKind kind, Integer score, String comment, String channel, Instant occurredAt,
            String source) {
        this.contactId = contactId;
        this.kind = kind;
        this.score = score;
        this.comment = comment;
        this.channel = channel;
        this.occurredAt = occurredAt;
        this.source = source;
    }

    Feedback toFeedback() {
        return new Feedback(id, contactId, kind, score, comment, channel, occurredAt, source);
    }
}

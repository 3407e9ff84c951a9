package org.rapport.service.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

/**
 * A closed case's satisfaction survey, as stored in {@code SERVICE_SURVEY}: one per case. Its
 * {@code state} is {@code queued}, {@code sent}, {@code held} (the consent gate or no channel kept
 * it back), {@code failed} or {@code answered}; a survey past {@code expiresAt} takes no answer.
 */
@Entity
@Table(name = "SERVICE_SURVEY", indexes = {@Index(name = "IX_SERVICE_SURVEY_MESSAGE", columnList = "MESSAGE_ID"),
        @Index(name = "IX_SERVICE_SURVEY_CONTACT", columnList = "CONTACT_ID")})
class SurveyEntity {

    @Id
    @TableGenerator(name = "SERVICE_SURVEY_ID", table = "RAPPORT_ID", pkColumnName = "NAME",
            valueColumnName = "NEXT_ID", pkColumnValue = "SERVICE_SURVEY", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "SERVICE_SURVEY_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CASE_ID", nullable = false, unique = true)
    long caseId;

    @Column(name = "CONTACT_ID")
    Long contactId;

    /** What the link's token is signed with; gone once answered or erased, so no token is good again. */
    @Column(name = "SECRET", length = 64)
    String secret;

    @Column(name = "SENT_AT", nullable = false)
    Instant sentAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    Instant expiresAt;

    @Column(name = "MESSAGE_ID")
    Long messageId;

    @Column(name = "STATE", nullable = false, length = 10)
    String state;

    @Column(name = "REASON", length = 500)
    String reason;

    @Column(name = "SCORE")
    Integer score;

    @Column(name = "ANSWER_COMMENT", length = 2000)
    String comment;

    @Column(name = "ANSWERED_AT")
    Instant answeredAt;

    /** How the answer came: {@code link} or {@code reply}. */
    @Column(name = "ANSWERED_BY", length = 10)
    String answeredBy;

    protected SurveyEntity() {
    }

    SurveyEntity(long caseId, Long contactId, String secret, Instant sentAt, Instant expiresAt) {
        this.caseId = caseId;
        this.contactId = contactId;
        this.secret = secret;
        this.sentAt = sentAt;
        this.expiresAt = expiresAt;
        this.state = "queued";
    }
}

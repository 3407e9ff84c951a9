package org.rapport.sales.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;

/** A lead, as stored in {@code SALES_LEAD}. The fields are the bundle's own: read and set in this package. */
@Entity
@Table(name = "SALES_LEAD", indexes = {@Index(name = "IX_SALES_LEAD_STATUS", columnList = "STATUS,ID"),
        @Index(name = "IX_SALES_LEAD_CONTACT", columnList = "CONTACT_ID"),
        @Index(name = "IX_SALES_LEAD_EMAIL", columnList = "EMAIL_KEY")})
class LeadEntity {

    @Id
    @TableGenerator(name = "SALES_LEAD_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "SALES_LEAD", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "SALES_LEAD_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "NAME", nullable = false, length = 200)
    String name;

    @Column(name = "EMAIL", length = 254)
    String email;

    /** The address in lower case, to match contacts and find a contact's leads. */
    @Column(name = "EMAIL_KEY", length = 254)
    String emailKey;

    @Column(name = "PHONE", length = 40)
    String phone;

    @Column(name = "COMPANY", length = 200)
    String company;

    @Column(name = "SOURCE", nullable = false, length = 40)
    String source;

    /** The form's answers, one {@code name=value} per line ({@link Answers}). */
    @Column(name = "ANSWERS", length = 8000)
    String answers;

    @Column(name = "STATUS", nullable = false, length = 16)
    String status;

    @Column(name = "SCORE")
    Integer score;

    @Column(name = "GRADE", length = 20)
    String grade;

    @Column(name = "QUEUE", length = 60)
    String queue;

    @Column(name = "OWNER", length = 120)
    String owner;

    /** Whether the owner was given when the lead was captured: the routing rules then leave it. */
    @Column(name = "OWNER_GIVEN", nullable = false)
    boolean ownerGiven;

    @Column(name = "REASON", length = 500)
    String reason;

    @Column(name = "CONTACT_ID")
    Long contactId;

    @Column(name = "OPPORTUNITY_ID")
    Long opportunityId;

    @Column(name = "FORM", length = 60)
    String form;

    /**
     * Consent the web form collected that could not be recorded yet because the lead had no
     * contact: purposes separated by commas, recorded through the consent service at conversion.
     */
    @Column(name = "PENDING_CONSENT", length = 200)
    String pendingConsent;

    @Column(name = "CREATED_BY", nullable = false, length = 120)
    String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    Instant updatedAt;

    @Column(name = "SCORED_AT")
    Instant scoredAt;

    protected LeadEntity() {
    }

    LeadEntity(Instant now, String createdBy) {
        this.createdAt = now;
        this.updatedAt = now;
        this.createdBy = createdBy;
        this.status = LeadStatus.OPEN.name();
    }

    LeadStatus status() {
        return LeadStatus.valueOf(status);
    }

    Lead toLead() {
        return new Lead(id, name, email, phone, company, source, Answers.decode(answers), status(), score, grade, queue,
                owner, reason, contactId, opportunityId, form, createdAt, updatedAt, scoredAt);
    }
}

package org.rapport.sales.impl;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.sales.api.Opportunity;

/** An opportunity, as stored in {@code SALES_OPPORTUNITY}. */
@Entity
@Table(name = "SALES_OPPORTUNITY", indexes = {@Index(name = "IX_SALES_OPP_CLOSE", columnList = "EXPECTED_CLOSE,ID"),
        @Index(name = "IX_SALES_OPP_CONTACT", columnList = "CONTACT_ID"),
        @Index(name = "IX_SALES_OPP_STALLED", columnList = "STALLED_SINCE")})
class OpportunityEntity {

    @Id
    @TableGenerator(name = "SALES_OPPORTUNITY_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "SALES_OPPORTUNITY", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "SALES_OPPORTUNITY_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "NAME", nullable = false, length = 200)
    String name;

    @Column(name = "CONTACT_ID")
    Long contactId;

    @Column(name = "ACCOUNT_ID")
    Long accountId;

    @Column(name = "LEAD_ID")
    Long leadId;

    @Column(name = "AMOUNT", nullable = false, precision = 19, scale = 4)
    BigDecimal amount;

    @Column(name = "CURRENCY", nullable = false, length = 3)
    String currency;

    @Column(name = "STAGE", nullable = false, length = 40)
    String stage;

    @Column(name = "PROBABILITY", nullable = false)
    int probability;

    @Column(name = "EXPECTED_CLOSE", nullable = false)
    LocalDate expectedClose;

    @Column(name = "OWNER", nullable = false, length = 120)
    String owner;

    @Column(name = "NEXT_STEP", length = 500)
    String nextStep;

    @Column(name = "CREATED_AT", nullable = false)
    Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    Instant updatedAt;

    @Column(name = "CLOSED_AT")
    Instant closedAt;

    @Column(name = "CLOSE_REASON", length = 500)
    String closeReason;

    /** When the stalled-deal check first found it stalled; null while it is not ({@link StalledDeals}). */
    @Column(name = "STALLED_SINCE")
    Instant stalledSince;

    /** The last activity the stalled-deal check saw. */
    @Column(name = "LAST_ACTIVITY_AT")
    Instant lastActivityAt;

    /** The rule that decided it stalled, and its release. */
    @Column(name = "STALLED_RULE", length = 200)
    String stalledRule;

    @Column(name = "STALLED_RELEASE")
    Long stalledRelease;

    /** Activity: it is not stalled any more, until the next check says otherwise. */
    void active(Instant now) {
        updatedAt = now;
        lastActivityAt = now;
        stalledSince = null;
        stalledRule = null;
        stalledRelease = null;
    }

    Opportunity toOpportunity() {
        return new Opportunity(id, name, contactId, accountId, leadId, amount, currency, stage, probability, expectedClose,
                owner, nextStep, createdAt, updatedAt, closedAt, closeReason);
    }
}

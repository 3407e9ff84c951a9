package org.rapport.campaigns.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignStatus;

/**
 * A campaign. {@code SECRET} signs its recipients' unsubscribe links, so a link stays good across
 * restarts and on every node; {@code NEXT_PAGE_AT} is when the sending job may queue its next page.
 */
@Entity
@Table(name = "CAMPAIGN")
class CampaignEntity {

    @Id
    @TableGenerator(name = "CAMPAIGN_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "CAMPAIGN", allocationSize = 10)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "CAMPAIGN_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "NAME", nullable = false, length = 60)
    String name;

    /** The segment it reaches; null when its audience is {@link #condition}. */
    @Column(name = "SEGMENT", length = 60)
    String segment;

    /** A condition in the segments' language whose matches are frozen at launch, or null for a segment. */
    @Column(name = "AUDIENCE_CONDITION", length = 2000)
    String condition;

    @Column(name = "PURPOSE", nullable = false, length = 60)
    String purpose;

    @Column(name = "CHANNEL", nullable = false, length = 60)
    String channel;

    /** The variants as {@link Variants#format} writes them: {@code spring-a:50,spring-b:50}. */
    @Column(name = "VARIANTS", nullable = false, length = 400)
    String variants;

    /**
     * The best-offer variants as {@link Variants#formatOffers} writes them: {@code spring-a=spring-plain,spring-b=}
     * (a variant's template, then its fallback template or nothing); null when no variant shows an offer.
     */
    @Column(name = "OFFERS", length = 700)
    String offers;

    /** A recurring campaign's schedule as {@link Occurrences#format} writes it; null for one sent once. */
    @Column(name = "RECURRENCE", length = 80)
    String recurrence;

    /** How many occurrences of a recurring campaign have started; their recipients are numbered by it. */
    @Column(name = "OCCURRENCES", nullable = false)
    int occurrences;

    /** When a recurring campaign's next occurrence starts, while it is launched and not paused or cancelled. */
    @Column(name = "NEXT_OCCURRENCE_AT")
    Instant nextOccurrenceAt;

    @Column(name = "START_AT")
    Instant startAt;

    @Column(name = "RATE_PER_MINUTE", nullable = false)
    int ratePerMinute;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false, length = 10)
    CampaignStatus status;

    @Column(name = "RECIPIENTS", nullable = false)
    long recipients;

    @Column(name = "SECRET", nullable = false, length = 64)
    String secret;

    @Column(name = "NEXT_PAGE_AT")
    Instant nextPageAt;

    @Column(name = "JOB_ID")
    Long jobId;

    @Column(name = "CREATED_BY", nullable = false, length = 120)
    String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    Instant createdAt;

    @Column(name = "LAUNCHED_AT")
    Instant launchedAt;

    @Column(name = "FINISHED_AT")
    Instant finishedAt;

    protected CampaignEntity() {
    }

    CampaignEntity(String name, String secret, String createdBy, Instant now) {
        this.name = name;
        this.secret = secret;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.status = CampaignStatus.DRAFT;
    }

    Campaign toCampaign() {
        return new Campaign(id, name, segment, purpose, channel, Variants.parse(variants, offers), startAt, ratePerMinute,
                status, recipients, jobId, createdBy, createdAt, launchedAt, finishedAt, Occurrences.parse(recurrence),
                occurrences, nextOccurrenceAt, condition);
    }
}

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

import org.rapport.retention.api.Episode;
import org.rapport.retention.api.EpisodeOutcome;

/** A spell of a customer at risk for one trigger. */
@Entity
@Table(name = "RETENTION_EPISODE", indexes = {
        @Index(name = "IX_RETENTION_EPISODE_CONTACT", columnList = "CONTACT_ID,OUTCOME"),
        @Index(name = "IX_RETENTION_EPISODE_OPEN", columnList = "OUTCOME,OPENED_AT")})
class EpisodeEntity {

    @Id
    @TableGenerator(name = "RETENTION_EPISODE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "RETENTION_EPISODE", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "RETENTION_EPISODE_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CONTACT_ID", nullable = false)
    long contactId;

    @Column(name = "TRIGGER_CODE", nullable = false, length = 60)
    String trigger;

    @Column(name = "RISK", nullable = false, length = 10)
    String risk;

    @Column(name = "REASON", length = 500)
    String reason;

    @Column(name = "RULE_NAME", nullable = false, length = 200)
    String rule;

    @Column(name = "RELEASE_NAME", nullable = false, length = 80)
    String release;

    /** The customer's tier when it opened, for per-tier figures. */
    @Column(name = "TIER", length = 60)
    String tier;

    @Column(name = "OPENED_AT", nullable = false)
    Instant openedAt;

    @Column(name = "CLOSED_AT")
    Instant closedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "OUTCOME", nullable = false, length = 10)
    EpisodeOutcome outcome;

    protected EpisodeEntity() {
    }

    EpisodeEntity(long contactId, String trigger, String risk, String reason, String rule, String release, String tier,
            Instant openedAt) {
        this.contactId = contactId;
        this.trigger = trigger;
        this.risk = risk;
        this.reason = reason;
        this.rule = rule;
        this.release = release;
        this.tier = tier;
        this.openedAt = openedAt;
        this.outcome = EpisodeOutcome.OPEN;
    }

    Episode toEpisode() {
        return new Episode(id, contactId, trigger, risk, reason, rule, release, openedAt, closedAt, outcome);
    }
}

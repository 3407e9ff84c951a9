package org.rapport.campaigns.impl;

import java.math.BigDecimal;
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

/**
 * A contact frozen into a campaign at launch, the variant it gets, and what became of its message.
 * The row names a person by the contact's id: {@link CampaignErasure} exports and deletes it.
 */
@Entity
@Table(name = "CAMPAIGN_RECIPIENT")
class RecipientEntity {

    /** What became of a recipient's message. */
    enum State {
        /** Not queued yet. */
        PENDING,
        /** Queued with the communication capability, not settled yet. */
        QUEUED,
        SENT,
        /** Sent, then bounced for good (the mail server's report or the provider's). */
        BOUNCED,
        FAILED,
        /** Held back by the consent gate, or for want of an address on the channel. */
        HELD,
        /** The campaign was cancelled before the message was queued. */
        CANCELLED
    }

    @Id
    @TableGenerator(name = "CAMPAIGN_RECIPIENT_ID", table = "RAPPORT_ID", pkColumnName = "NAME",
            valueColumnName = "NEXT_ID", pkColumnValue = "CAMPAIGN_RECIPIENT", allocationSize = 1000)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "CAMPAIGN_RECIPIENT_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "CAMPAIGN_ID", nullable = false)
    long campaignId;

    @Column(name = "CONTACT_ID", nullable = false)
    long contactId;

    /** The occurrence of a recurring campaign it belongs to (1 for a campaign sent once). */
    @Column(name = "OCCURRENCE", nullable = false)
    int occurrence = 1;

    @Column(name = "VARIANT", nullable = false, length = 60)
    String variant;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false, length = 10)
    State status;

    /** Why it was held back or failed, without dates or names: the figures count by it. */
    @Column(name = "REASON", length = 300)
    String reason;

    @Column(name = "MESSAGE_ID")
    Long messageId;

    @Column(name = "UNSUBSCRIBED_AT")
    Instant unsubscribedAt;

    /** When its message was handed to the communication capability: caps count from it, conversions too. */
    @Column(name = "QUEUED_AT")
    Instant queuedAt;

    /** While pending: not sent before this (quiet hours); null when due. */
    @Column(name = "DEFER_UNTIL")
    Instant deferUntil;

    /** When the recipient first opened the message (a tracked link counts), if they consented to tracking. */
    @Column(name = "OPENED_AT")
    Instant openedAt;

    @Column(name = "CLICKED_AT")
    Instant clickedAt;

    /** When the recipient first bought within the conversion window after the message. */
    @Column(name = "CONVERTED_AT")
    Instant convertedAt;

    /** What the recipient's purchases within the window came to. */
    @Column(name = "REVENUE", precision = 19, scale = 2)
    BigDecimal revenue;

    /** The offer its message showed (a best-offer variant), or null. */
    @Column(name = "OFFER_CODE", length = 40)
    String offerCode;

    /** When the recipient accepted the offer shown. */
    @Column(name = "OFFER_ACCEPTED_AT")
    Instant offerAcceptedAt;

    protected RecipientEntity() {
    }

    RecipientEntity(long campaignId, long contactId, String variant) {
        this.campaignId = campaignId;
        this.contactId = contactId;
        this.variant = variant;
        this.status = State.PENDING;
    }
}

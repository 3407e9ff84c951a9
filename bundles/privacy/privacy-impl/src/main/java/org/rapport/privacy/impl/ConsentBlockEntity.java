package org.rapport.privacy.impl;

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

import org.rapport.contacts.api.Channel;
import org.rapport.persistence.Columns;
import org.rapport.privacy.api.ConsentBlock;

/** An action the consent gate refused. */
@Entity
@Table(name = "PRIVACY_CONSENT_BLOCK", indexes = @Index(name = "IX_CONSENT_BLOCK_CONTACT", columnList = "CONTACT_ID,ID"))
class ConsentBlockEntity {

    @Id
    @TableGenerator(name = "PRIVACY_CONSENT_BLOCK_ID", table = "RAPPORT_ID", pkColumnName = "NAME",
            valueColumnName = "NEXT_ID", pkColumnValue = "PRIVACY_CONSENT_BLOCK", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "PRIVACY_CONSENT_BLOCK_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "PURPOSE", nullable = false, length = 60)
    private String purpose;

    @Enumerated(EnumType.STRING)
    @Column(name = "CHANNEL", length = 20)
    private Channel channel;

    @Column(name = "ACTION", nullable = false, length = 300)
    private String action;

    @Column(name = "REQUESTER", nullable = false, length = 120)
    private String requester;

    @Column(name = "REASON", nullable = false, length = 500)
    private String reason;

    @Column(name = "BLOCKED_AT", nullable = false)
    private Instant at;

    protected ConsentBlockEntity() {
    }

    ConsentBlockEntity(long contactId, String purpose, Channel channel, String action, String requester, String reason,
            Instant at) {
        this.contactId = contactId;
        this.purpose = purpose;
        this.channel = channel;
        this.action = Columns.clip(action, 300);
        this.requester = Columns.clip(requester, 120);
        this.reason = Columns.clip(reason, 500);
        this.at = at;
    }

    String reason() {
        return reason;
    }

    ConsentBlock toBlock() {
        return new ConsentBlock(id, contactId, purpose, channel, action, requester, reason, at);
    }
}

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
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;

/** One consent record; written once. A null channel covers every channel. */
@Entity
@Table(name = "PRIVACY_CONSENT", indexes = @Index(name = "IX_CONSENT_CONTACT", columnList = "CONTACT_ID,PURPOSE,ID"))
class ConsentEntity {

    @Id
    @TableGenerator(name = "PRIVACY_CONSENT_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "PRIVACY_CONSENT", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "PRIVACY_CONSENT_ID")
    @Column(name = "ID")
    private long id;

    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Column(name = "PURPOSE", nullable = false, length = 60)
    private String purpose;

    @Enumerated(EnumType.STRING)
    @Column(name = "CHANNEL", length = 20)
    private Channel channel;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 10)
    private ConsentState state;

    @Enumerated(EnumType.STRING)
    @Column(name = "BASIS", nullable = false, length = 30)
    private LawfulBasis basis;

    @Column(name = "SOURCE", nullable = false, length = 200)
    private String source;

    @Column(name = "PROOF", length = 2000)
    private String proof;

    @Column(name = "RECORDED_AT", nullable = false)
    private Instant recordedAt;

    @Column(name = "EXPIRES_AT")
    private Instant expiresAt;

    @Column(name = "ACTOR", nullable = false, length = 120)
    private String actor;

    protected ConsentEntity() {
    }

    ConsentEntity(ConsentChange change, Instant recordedAt, String actor) {
        this.contactId = change.contactId();
        this.purpose = change.purpose();
        this.channel = change.channel();
        this.state = change.state();
        this.basis = change.basis();
        this.source = change.source();
        this.proof = change.proof();
        this.recordedAt = recordedAt;
        this.expiresAt = change.expiresAt();
        this.actor = actor;
    }

    Consent toConsent() {
        return new Consent(id, contactId, purpose, channel, state, basis, source, proof, recordedAt, expiresAt, actor);
    }
}

package org.rapport.communication.impl;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.event.Event;
import org.rapport.communication.api.MessageEvents;
import org.rapport.communication.api.MessageStatus;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.AuditEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What bounces do. A hard bounce (a status of class 5) marks the address undeliverable, with the
 * reason and the time (audited as {@code address.undeliverable}), and turns the bounced message,
 * if Rapport knows it, from {@code SENT} to {@code BOUNCED}; a soft bounce (class 4) is counted.
 * A bounce read from the mailbox, which anyone can write to, counts only if it names a message
 * Rapport sent to that very address; one a signed provider webhook reports is taken as it is.
 */
final class Bounces {

    private static final Logger LOG = LoggerFactory.getLogger(Bounces.class);

    private final EntityManagerFactory emf;
    private final Clock clock;
    private final Consumer<Event> post;
    private final Consumer<Event> audit;

    Bounces(EntityManagerFactory emf, Clock clock, Consumer<Event> post, Consumer<Event> audit) {
        this.emf = emf;
        this.clock = clock;
        this.post = post;
        this.audit = audit;
    }

    /** Whether a hard bounce marked the address, and why: the reason, or empty when it may be sent to. */
    static Optional<String> undeliverable(EntityManager em, String address) {
        AddressEntity a = address == null ? null : em.find(AddressEntity.class, address.strip().toLowerCase(Locale.ROOT));
        return a != null && a.undeliverable ? Optional.of(a.reason == null ? "a hard bounce" : a.reason) : Optional.empty();
    }

    /**
     * Records one recipient's bounce.
     *
     * @param signed whether a signed webhook reported it, rather than a mail anyone could send
     * @param contactOf the contact an address belongs to, for a bounce that names no known message
     * @param source who reported it, for the audit log ({@code mailbox}, {@code webhook postmark})
     */
    void record(Arrival.BounceReport report, boolean signed, Function<String, Long> contactOf, String source) {
        if (report.address() == null || !(report.hard() || report.soft())) {
            return;
        }
        String address = report.address().strip().toLowerCase(Locale.ROOT);
        String reason = Columns.clip(report.status() + (report.diagnostic() == null ? "" : " " + report.diagnostic()), 1000);
        Instant now = clock.instant();
        Optional<MessageEntity> original = Transactions.read(emf, em -> find(em, report));
        boolean ours = original.isPresent() && original.get().address.equalsIgnoreCase(address);
        if (!signed && !ours) {
            LOG.warn("A bounce for {} from the mailbox names no message Rapport sent to that address; it is not counted",
                    Redacted.reason(address));
            return;
        }
        Long contactId = ours ? Long.valueOf(original.get().contactId) : contactOf.apply(address);
        boolean[] changed = new boolean[2]; // [0] newly marked, [1] message bounced
        Transactions.retrying(emf, 3, em -> {
            AddressEntity a = em.find(AddressEntity.class, address);
            if (a == null) {
                a = new AddressEntity(address, now);
                em.persist(a);
            }
            a.lastBounceAt = now;
            if (contactId != null) {
                a.contactId = contactId;
            }
            changed[0] = false;
            changed[1] = false;
            if (report.hard()) {
                a.hardBounces++;
                if (!a.undeliverable) {
                    a.undeliverable = true;
                    a.reason = reason;
                    a.markedAt = now;
                    changed[0] = true;
                }
                MessageEntity m = ours ? em.find(MessageEntity.class, original.get().id) : null;
                if (m != null && m.status == MessageStatus.SENT) {
                    m.status = MessageStatus.BOUNCED;
                    m.lastError = Columns.clip("bounced: " + reason, 1000);
                    changed[1] = true;
                }
            } else {
                a.softBounces++;
            }
            return null;
        });
        if (changed[0]) {
            LOG.info("Address {} marked undeliverable after a hard bounce ({}): {}", Redacted.reason(address), source,
                    Redacted.reason(reason));
            Map<String, Object> entry = new HashMap<>(Map.of(AuditEvents.ACTOR, source, AuditEvents.ACTION,
                    "address.undeliverable", AuditEvents.SUBJECT, "address of " + (contactId == null ? "no contact"
                            : "contact " + contactId), AuditEvents.AFTER, "undeliverable: " + reason));
            if (contactId != null) {
                entry.put(AuditEvents.CONTACT_ID, contactId);
            }
            audit.accept(new Event(AuditEvents.TOPIC, entry));
        }
        if (changed[1]) {
            MessageEntity m = original.get();
            Map<String, Object> properties = new HashMap<>();
            properties.put(MessageEvents.MESSAGE_ID, m.id);
            properties.put(MessageEvents.CONTACT_ID, m.contactId);
            properties.put(MessageEvents.CHANNEL, m.channel);
            properties.put(MessageEvents.TEMPLATE, m.template);
            properties.put(MessageEvents.REASON, reason);
            if (m.reference != null) {
                properties.put(MessageEvents.REFERENCE, m.reference);
            }
            post.accept(new Event(MessageEvents.BOUNCED, properties));
        }
    }

    /** The bounced message: by Rapport's id in its headers, else by its {@code Message-ID}. */
    private static Optional<MessageEntity> find(EntityManager em, Arrival.BounceReport report) {
        if (report.rapportMessageId() != null) {
            return Optional.ofNullable(em.find(MessageEntity.class, report.rapportMessageId()));
        }
        if (report.originalMessageId() == null) {
            return Optional.empty();
        }
        return em.createQuery("select m from MessageEntity m where m.providerReference = :ref", MessageEntity.class)
                .setParameter("ref", report.originalMessageId()).setMaxResults(1).getResultStream().findFirst();
    }

    /**
     * Lets messages go to a marked address again.
     *
     * @return false if it was not marked
     */
    boolean clear(String address, String requester) {
        String key = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        Long[] contact = new Long[1];
        String before = Transactions.inTransaction(emf, em -> {
            AddressEntity a = em.find(AddressEntity.class, key);
            if (a == null || !a.undeliverable) {
                return null;
            }
            String was = "undeliverable since " + a.markedAt + ": " + a.reason;
            a.undeliverable = false;
            a.reason = null;
            a.markedAt = null;
            contact[0] = a.contactId;
            return was;
        });
        if (before == null) {
            return false;
        }
        LOG.info("Address {} may be sent to again: the mark was cleared by {}", Redacted.reason(key), requester);
        Map<String, Object> entry = new HashMap<>(Map.of(AuditEvents.ACTOR, Columns.clip(requester, 120),
                AuditEvents.ACTION, "address.deliverable", AuditEvents.SUBJECT, "address of "
                        + (contact[0] == null ? "no contact" : "contact " + contact[0]),
                AuditEvents.BEFORE, Columns.clip(before, 1000), AuditEvents.AFTER, "deliverable"));
        if (contact[0] != null) {
            entry.put(AuditEvents.CONTACT_ID, contact[0]);
        }
        audit.accept(new Event(AuditEvents.TOPIC, entry));
        return true;
    }
}

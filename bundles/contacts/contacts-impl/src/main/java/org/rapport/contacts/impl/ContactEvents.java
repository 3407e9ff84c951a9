package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.persistence.EntityManager;

import org.rapport.contacts.api.Interaction;
import org.rapport.persistence.DomainEvents;

/**
 * The domain events contacts records in the transaction of the change they announce
 * ({@link DomainEvents}): a contact created, changed or merged, and an interaction recorded.
 * Ids and codes only, never names, addresses, summaries or sources; who made the change is in the
 * audit log, not in the event. Contacts created or changed by a CSV import are not announced one
 * by one. The events bundle, when installed, delivers them.
 */
final class ContactEvents {

    static final String CREATED = "contact.created";
    static final String UPDATED = "contact.updated";
    static final String MERGED = "contact.merged";
    static final String INTERACTION_RECORDED = "interaction.recorded";

    private ContactEvents() {
    }

    static void record(EntityManager em, String type, long contactId, Instant at, Map<String, ?> data) {
        DomainEvents.record(em, type, contactId, at, data);
    }

    /** A contact was merged into the survivor, every participant's part done. */
    static void merged(EntityManager em, long survivorId, long mergedId, long mergeId, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", survivorId);
        data.put("mergedContactId", mergedId);
        data.put("mergeId", mergeId);
        DomainEvents.record(em, MERGED, survivorId, at, data);
    }

    /** An interaction landed on a contact's timeline. */
    static void interaction(EntityManager em, Interaction i) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", i.contactId());
        data.put("interactionId", i.id());
        data.put("type", i.type());
        data.put("channel", i.channel().label());
        data.put("direction", i.direction().name().toLowerCase(Locale.ROOT));
        data.put("occurredAt", i.occurredAt());
        DomainEvents.record(em, INTERACTION_RECORDED, i.contactId(), i.occurredAt(), data);
    }
}

package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.persistence.EntityManager;
import javax.persistence.FlushModeType;

import org.rapport.contacts.api.Contact;
import org.rapport.persistence.InLists;

/** Contacts as the API shows them: the entities of a page with their tags and custom properties. */
final class ContactRows {

    private ContactRows() {
    }

    /** The contacts of a page with their tags and custom properties, read in two more queries. */
    static List<Contact> withDetails(EntityManager em, List<ContactEntity> page) {
        return withDetails(em, page, FlushModeType.AUTO);
    }

    /** As {@link #withDetails(EntityManager, List)}; {@code COMMIT} keeps the reads from flushing pending writes. */
    static List<Contact> withDetails(EntityManager em, List<ContactEntity> page, FlushModeType flush) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<Long, Set<String>> tags = new HashMap<>();
        Map<Long, Map<String, Object>> properties = new HashMap<>();
        List<Long> padded = InLists.padded(page.stream().map(ContactEntity::id).toList());
        em.createQuery("select t from ContactTagEntity t where t.contactId in :ids", ContactTagEntity.class)
                .setFlushMode(flush).setParameter("ids", padded).getResultList()
                .forEach(t -> tags.computeIfAbsent(t.contactId(), id -> new TreeSet<>()).add(t.tag()));
        em.createQuery("select p from ContactPropertyEntity p where p.contactId in :ids", ContactPropertyEntity.class)
                .setFlushMode(flush).setParameter("ids", padded).getResultList()
                .forEach(p -> properties.computeIfAbsent(p.contactId(), id -> new TreeMap<>()).put(p.name(), p.value()));
        return page.stream().map(c -> c.toDto(tags.getOrDefault(c.id(), Set.of()),
                properties.getOrDefault(c.id(), Map.of()))).toList();
    }

    /** The contacts changed since {@code from}: their details, or an interaction recorded for them (both indexed). */
    static Set<Long> changedSince(EntityManager em, Instant from) {
        Set<Long> changed = new TreeSet<>(em.createQuery("select c.id from ContactEntity c where c.updatedAt >= :from",
                Long.class).setParameter("from", from).getResultList());
        changed.addAll(em.createQuery("select distinct i.contactId from InteractionEntity i where i.recordedAt >= :from",
                Long.class).setParameter("from", from).getResultList());
        return changed;
    }
}

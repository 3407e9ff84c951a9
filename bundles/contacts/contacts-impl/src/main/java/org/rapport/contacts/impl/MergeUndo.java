package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;

/** Undoes the contacts part of a merge, in one transaction. */
final class MergeUndo {

    private final EntityManagerFactory emf;
    private final ContactProperties properties;
    private final Clock clock;

    MergeUndo(EntityManagerFactory emf, ContactProperties properties, Clock clock) {
        this.emf = emf;
        this.properties = properties;
        this.clock = clock;
    }

    /** Puts the contacts part back: fields and properties not changed since, tags gained, interactions moved. */
    void undoContacts(long mergeId, String who) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Transactions.inTransaction(emf, em -> {
            MergeEntity record = em.find(MergeEntity.class, mergeId, LockModeType.PESSIMISTIC_WRITE);
            ContactEntity survivorEntity = em.find(ContactEntity.class, record.survivorId(), LockModeType.PESSIMISTIC_WRITE);
            Contact survivor = ContactRows.withDetails(em, List.of(survivorEntity)).get(0);
            Map<String, String> current = MergeSnapshots.snapshot(survivor);
            Map<String, String> before = record.before();
            Map<String, String> after = record.after();
            Set<String> keys = new LinkedHashSet<>(current.keySet());
            keys.addAll(before.keySet());
            keys.addAll(after.keySet());
            Map<String, String> target = new LinkedHashMap<>();
            for (String key : keys) {
                // Three ways: what the merge set and nobody changed since goes back to what it was.
                String value = Objects.equals(current.get(key), after.get(key)) ? before.get(key) : current.get(key);
                if (value != null) {
                    target.put(key, value);
                }
            }
            Set<String> tags = new TreeSet<>(survivor.tags());
            for (String tag : record.addedTags().split(",")) {
                tags.remove(tag);
            }
            ContactDetails details = ContactDetails.of(
                    MergeSnapshots.fromSnapshot(survivor.email(), target, tags, properties), properties::definition);
            survivorEntity.apply(details, now);
            ContactServiceImpl.replaceTags(em, survivor.id(), details.tags());
            ContactServiceImpl.replaceProperties(em, survivor.id(), details.properties());
            em.createQuery("update InteractionEntity i set i.contactId = :merged where i.id in "
                    + "(select m.interactionId from MergeMoveEntity m where m.mergeId = :merge)")
                    .setParameter("merged", record.mergedId()).setParameter("merge", mergeId).executeUpdate();
            em.createQuery("delete from MergeMoveEntity m where m.mergeId = :merge").setParameter("merge", mergeId)
                    .executeUpdate();
            em.find(ContactEntity.class, record.mergedId()).mergedInto(null, now);
            record.undone(now, Columns.clip(who, 120));
            return null;
        });
    }
}

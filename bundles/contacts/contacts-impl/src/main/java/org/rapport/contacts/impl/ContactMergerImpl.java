package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactMerger;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Merge;
import org.rapport.contacts.api.MergeParticipant;
import org.rapport.contacts.api.MergePreview;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges in table {@code CONTACT_MERGE}, moved interactions in {@code CONTACT_MERGE_MOVE}. The
 * contacts part of a merge (fields, tags, properties, timeline, the merged record's pointer) is
 * one transaction; each {@link MergeParticipant} then works in its own, in name order, and a
 * failing one has the merge undone and refused.
 */
@Component(service = ContactMerger.class)
public class ContactMergerImpl implements ContactMerger {

    private static final Logger LOG = LoggerFactory.getLogger(ContactMergerImpl.class);
    private static final int MAX_CHAIN = 50;

    private final EntityManagerFactory emf;
    private final ContactProperties properties;
    private final Clock clock;
    private final List<MergeParticipant> participants = new CopyOnWriteArrayList<>();
    private final MergeUndo undo;

    @Activate
    public ContactMergerImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactProperties properties) {
        this(emf, properties, Clock.systemUTC());
    }

    public ContactMergerImpl(EntityManagerFactory emf, ContactProperties properties, Clock clock) {
        this.emf = emf;
        this.properties = properties;
        this.clock = clock;
        this.undo = new MergeUndo(emf, properties, clock);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addParticipant(MergeParticipant participant) {
        participants.add(participant);
    }

    public void removeParticipant(MergeParticipant participant) {
        participants.remove(participant);
    }

    private List<MergeParticipant> participants() {
        List<MergeParticipant> sorted = new ArrayList<>(participants);
        sorted.sort(Comparator.comparing(MergeParticipant::name));
        return sorted;
    }

    @Override
    public MergePreview preview(long survivorId, long mergedId, Map<String, MergeChoice> choices) {
        return Transactions.read(emf, em -> {
            MergePlanner.Plan plan = MergePlanner.plan(em, survivorId, mergedId, choices);
            ContactDetails details = ContactDetails.of(plan.result(), properties::definition);
            Contact result = new Contact(survivorId, details.email(), details.firstName(), details.lastName(),
                    details.phone(), details.language(), details.preferredChannel(), details.tags(),
                    plan.survivor().createdAt(), plan.survivor().updatedAt(), details.address(), details.owner(),
                    details.accountId(), details.properties(), null, details.timeZone());
            long moving = em.createQuery("select count(i) from InteractionEntity i where i.contactId = :c", Long.class)
                    .setParameter("c", mergedId).getSingleResult();
            Map<String, String> parts = new TreeMap<>();
            for (MergeParticipant p : participants()) {
                String said = p.preview(survivorId, mergedId);
                if (said != null) {
                    parts.put(p.name(), said);
                }
            }
            return new MergePreview(plan.survivor(), plan.merged(), plan.fields(), result, moving, parts);
        });
    }

    @Override
    public Merge merge(long survivorId, long mergedId, Map<String, MergeChoice> choices, String actor) {
        String who = Columns.clip(actor == null ? "unknown" : actor, 120);
        Instant now = now();
        long mergeId = Transactions.inTransaction(emf, em -> {
            // Both rows locked: a concurrent merge or change of either waits for this one.
            em.find(ContactEntity.class, survivorId, LockModeType.PESSIMISTIC_WRITE);
            em.find(ContactEntity.class, mergedId, LockModeType.PESSIMISTIC_WRITE);
            MergePlanner.Plan plan = MergePlanner.plan(em, survivorId, mergedId, choices);
            ContactDetails details = ContactDetails.of(plan.result(), properties::definition);
            ContactServiceImpl.requireAccount(em, details.accountId());
            MergeEntity record = new MergeEntity(survivorId, mergedId, now, who, MergeSnapshots.snapshot(plan.survivor()),
                    MergeSnapshots.snapshot(details), String.join(",", plan.addedTags()));
            em.persist(record);
            em.flush();
            ContactEntity survivor = em.find(ContactEntity.class, survivorId);
            survivor.apply(details, now);
            ContactServiceImpl.replaceTags(em, survivorId, details.tags());
            ContactServiceImpl.replaceProperties(em, survivorId, details.properties());
            em.flush();
            int moved = em.createNativeQuery("INSERT INTO CONTACT_MERGE_MOVE (MERGE_ID, INTERACTION_ID) "
                    + "SELECT ?, ID FROM INTERACTION WHERE CONTACT_ID = ?").setParameter(1, record.id())
                    .setParameter(2, mergedId).executeUpdate();
            em.createQuery("update InteractionEntity i set i.contactId = :survivor where i.contactId = :merged")
                    .setParameter("survivor", survivorId).setParameter("merged", mergedId).executeUpdate();
            em.find(ContactEntity.class, mergedId).mergedInto(survivorId, now);
            Map<String, String> outcomes = new LinkedHashMap<>();
            outcomes.put("contacts.summary", moved + " interaction(s) moved, " + plan.fields().size()
                    + " differing field(s) decided, " + plan.addedTags().size() + " tag(s) added");
            record.outcomes(outcomes);
            return record.id();
        });
        List<MergeParticipant> done = new ArrayList<>();
        Map<String, String> outcomes = Transactions.read(emf, em -> em.find(MergeEntity.class, mergeId).outcomes());
        for (MergeParticipant p : participants()) {
            try {
                MergeParticipant.Outcome outcome = p.merge(mergeId, survivorId, mergedId, who);
                done.add(p);
                if (outcome != null) {
                    outcomes.put(p.name() + ".summary", Objects.toString(outcome.summary(), ""));
                    outcomes.put(p.name() + ".undo", Objects.toString(outcome.undoData(), ""));
                }
            } catch (RuntimeException e) {
                LOG.warn("Merge {} of contact {} into {} failed at {}; undoing it", mergeId, mergedId, survivorId,
                        p.name(), e);
                saveOutcomes(mergeId, outcomes);
                undoParticipants(mergeId, survivorId, mergedId, outcomes, done, who);
                undo.undoContacts(mergeId, "(merge failed at " + p.name() + ")");
                throw new IllegalStateException("the merge failed at " + p.name() + " and was undone: " + e.getMessage(), e);
            }
        }
        // The merge is whole once every participant did its part: announced with its outcomes, not before.
        Transactions.inTransaction(emf, em -> {
            em.find(MergeEntity.class, mergeId).outcomes(outcomes);
            ContactEvents.merged(em, survivorId, mergedId, mergeId, now);
            return null;
        });
        LOG.info("Contact {} merged into {} by {} (merge {})", mergedId, survivorId, who, mergeId);
        return find(mergeId).orElseThrow();
    }

    private void saveOutcomes(long mergeId, Map<String, String> outcomes) {
        Transactions.inTransaction(emf, em -> {
            em.find(MergeEntity.class, mergeId).outcomes(outcomes);
            return null;
        });
    }

    @Override
    public Merge undo(long mergeId, String actor) {
        String who = Columns.clip(actor == null ? "unknown" : actor, 120);
        MergeEntity record = Transactions.read(emf, em -> em.find(MergeEntity.class, mergeId));
        if (record == null) {
            throw new ContactValidationException(Map.of("mergeId", "there is no merge " + mergeId));
        }
        if (record.undone()) {
            throw new ContactValidationException(Map.of("mergeId", "merge " + mergeId + " was undone already"), true);
        }
        Transactions.read(emf, em -> {
            ContactEntity survivor = em.find(ContactEntity.class, record.survivorId());
            ContactEntity merged = em.find(ContactEntity.class, record.mergedId());
            if (survivor == null || merged == null) {
                throw new ContactValidationException(Map.of("mergeId", "contact " + (survivor == null
                        ? record.survivorId() : record.mergedId()) + " was erased since; the merge cannot be undone"), true);
            }
            if (survivor.mergedInto() != null) {
                throw new ContactValidationException(Map.of("mergeId", "contact " + record.survivorId()
                        + " was merged into contact " + survivor.mergedInto() + " since; undo that merge first"), true);
            }
            return null;
        });
        Map<String, String> outcomes = record.outcomes();
        List<MergeParticipant> named = new ArrayList<>();
        for (MergeParticipant p : participants()) {
            if (outcomes.containsKey(p.name() + ".undo")) {
                named.add(p);
            }
        }
        undoParticipants(mergeId, record.survivorId(), record.mergedId(), outcomes, named, who);
        undo.undoContacts(mergeId, who);
        LOG.info("Merge {} of contact {} into {} undone by {}", mergeId, record.mergedId(), record.survivorId(), who);
        return find(mergeId).orElseThrow();
    }

    private static void undoParticipants(long mergeId, long survivorId, long mergedId, Map<String, String> outcomes,
            List<MergeParticipant> done, String who) {
        List<MergeParticipant> reversed = new ArrayList<>(done);
        java.util.Collections.reverse(reversed);
        for (MergeParticipant p : reversed) {
            p.undo(mergeId, survivorId, mergedId, outcomes.get(p.name() + ".undo"), who);
        }
    }

    @Override
    public Optional<Merge> find(long mergeId) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(MergeEntity.class, mergeId)).map(MergeEntity::toDto));
    }

    @Override
    public List<Merge> list(Long contactId, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 500) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and 500");
        }
        return Transactions.read(emf, em -> (contactId == null
                ? em.createQuery("select m from MergeEntity m order by m.id desc", MergeEntity.class)
                : em.createQuery("select m from MergeEntity m where m.survivorId = :c or m.mergedId = :c order by m.id desc",
                        MergeEntity.class).setParameter("c", contactId))
                .setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(MergeEntity::toDto).toList());
    }

    @Override
    public long count(Long contactId) {
        return Transactions.read(emf, em -> (contactId == null
                ? em.createQuery("select count(m) from MergeEntity m", Long.class)
                : em.createQuery("select count(m) from MergeEntity m where m.survivorId = :c or m.mergedId = :c", Long.class)
                        .setParameter("c", contactId)).getSingleResult());
    }

    @Override
    public long survivorOf(long contactId) {
        return Transactions.read(emf, em -> {
            ContactEntity contact = em.find(ContactEntity.class, contactId);
            return contact == null ? contactId : survivorOf(em, contact);
        });
    }

    /** The contact a merged contact now lives on, following merges of merges. */
    static long survivorOf(EntityManager em, ContactEntity contact) {
        ContactEntity at = contact;
        for (int i = 0; i < MAX_CHAIN && at.mergedInto() != null; i++) {
            ContactEntity next = em.find(ContactEntity.class, at.mergedInto());
            if (next == null) {
                break;
            }
            at = next;
        }
        return at.id();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactMerger;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Merge;
import org.rapport.contacts.api.MergeParticipant;
import org.rapport.contacts.api.MergePreview;
import org.rapport.contacts.api.NewContact;
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
    private static final String PROPERTY = "properties.";
    private static final int MAX_CHAIN = 50;

    private final EntityManagerFactory emf;
    private final ContactProperties properties;
    private final Clock clock;
    private final List<MergeParticipant> participants = new CopyOnWriteArrayList<>();

    @Activate
    public ContactMergerImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactProperties properties) {
        this(emf, properties, Clock.systemUTC());
    }

    public ContactMergerImpl(EntityManagerFactory emf, ContactProperties properties, Clock clock) {
        this.emf = emf;
        this.properties = properties;
        this.clock = clock;
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

    /** The two contacts, the fields where they differ with the choice for each, and the survivor after. */
    private record Plan(Contact survivor, Contact merged, List<MergePreview.Field> fields, NewContact result,
            Set<String> addedTags) {
    }

    @Override
    public MergePreview preview(long survivorId, long mergedId, Map<String, MergeChoice> choices) {
        return Transactions.read(emf, em -> {
            Plan plan = plan(em, survivorId, mergedId, choices);
            ContactDetails details = ContactDetails.of(plan.result(), properties::definition);
            Contact result = new Contact(survivorId, details.email(), details.firstName(), details.lastName(),
                    details.phone(), details.language(), details.preferredChannel(), details.tags(),
                    plan.survivor().createdAt(), plan.survivor().updatedAt(), details.address(), details.owner(),
                    details.accountId(), details.properties(), null);
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

    private Plan plan(EntityManager em, long survivorId, long mergedId, Map<String, MergeChoice> choices) {
        if (survivorId == mergedId) {
            throw new ContactValidationException(Map.of("mergedId", "a contact cannot be merged with itself"));
        }
        Contact survivor = live(em, "survivorId", survivorId);
        Contact merged = live(em, "mergedId", mergedId);
        Map<String, MergeChoice> chosen = choices == null ? Map.of() : choices;
        Set<String> names = new TreeSet<>(survivor.properties().keySet());
        names.addAll(merged.properties().keySet());
        Map<String, String> errors = new LinkedHashMap<>();
        chosen.forEach((field, choice) -> {
            boolean known = FIELDS.contains(field)
                    || field.startsWith(PROPERTY) && names.contains(field.substring(PROPERTY.length()));
            if (!known || choice == null) {
                errors.put("choices." + field, known ? "survivor or merged" : "not a field either contact has; one of "
                        + FIELDS + " or properties.<name>");
            }
        });
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        List<MergePreview.Field> fields = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> sv = fieldsOf(survivor);
        Map<String, Object> mv = fieldsOf(merged);
        for (String field : FIELDS) {
            values.put(field, pick(field, sv.get(field), mv.get(field), chosen, fields));
        }
        Map<String, Object> props = new TreeMap<>();
        for (String name : names) {
            Object value = pick(PROPERTY + name, survivor.properties().get(name), merged.properties().get(name), chosen,
                    fields);
            if (value != null) {
                props.put(name, value);
            }
        }
        Set<String> tags = new TreeSet<>(survivor.tags());
        Set<String> added = new TreeSet<>();
        for (String tag : merged.tags()) {
            if (tags.size() < ContactDetails.MAX_TAGS && tags.add(tag)) {
                added.add(tag);
            }
        }
        Object channel = values.get("preferredChannel");
        NewContact result = new NewContact(survivor.email(), (String) values.get("firstName"),
                (String) values.get("lastName"), (String) values.get("phone"), (String) values.get("language"),
                channel == null ? null : channel.toString(), tags, (Address) values.get("address"),
                (String) values.get("owner"), (Long) values.get("accountId"), props);
        return new Plan(survivor, merged, fields, result, added);
    }

    private static Map<String, Object> fieldsOf(Contact c) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", c.firstName());
        fields.put("lastName", c.lastName());
        fields.put("phone", c.phone());
        fields.put("language", c.language());
        fields.put("preferredChannel", c.preferredChannel() == null ? null : c.preferredChannel().name());
        fields.put("address", c.address().isEmpty() ? null : c.address());
        fields.put("owner", c.owner());
        fields.put("accountId", c.accountId());
        return fields;
    }

    /** The survivor's value unless it is empty or the choice is the merged contact's; a field that differs is listed. */
    private static Object pick(String field, Object survivor, Object merged, Map<String, MergeChoice> choices,
            List<MergePreview.Field> fields) {
        if (Objects.equals(survivor, merged)) {
            return survivor;
        }
        MergeChoice choice = choices.getOrDefault(field, survivor == null ? MergeChoice.MERGED : MergeChoice.SURVIVOR);
        fields.add(new MergePreview.Field(field, survivor, merged, choice));
        return choice == MergeChoice.MERGED ? merged : survivor;
    }

    private static Contact live(EntityManager em, String field, long id) {
        ContactEntity entity = em.find(ContactEntity.class, id);
        if (entity == null) {
            throw new ContactValidationException(Map.of(field, "there is no contact " + id));
        }
        if (entity.mergedInto() != null) {
            throw new ContactValidationException(Map.of(field, "contact " + id + " was merged into contact "
                    + entity.mergedInto()), true);
        }
        return ContactRows.withDetails(em, List.of(entity)).get(0);
    }

    @Override
    public Merge merge(long survivorId, long mergedId, Map<String, MergeChoice> choices, String actor) {
        String who = Columns.clip(actor == null ? "unknown" : actor, 120);
        Instant now = now();
        long mergeId = Transactions.inTransaction(emf, em -> {
            // Both rows locked: a concurrent merge or change of either waits for this one.
            em.find(ContactEntity.class, survivorId, LockModeType.PESSIMISTIC_WRITE);
            em.find(ContactEntity.class, mergedId, LockModeType.PESSIMISTIC_WRITE);
            Plan plan = plan(em, survivorId, mergedId, choices);
            ContactDetails details = ContactDetails.of(plan.result(), properties::definition);
            ContactServiceImpl.requireAccount(em, details.accountId());
            MergeEntity record = new MergeEntity(survivorId, mergedId, now, who, snapshot(plan.survivor()),
                    snapshot(details), String.join(",", plan.addedTags()));
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
                undoContacts(mergeId, "(merge failed at " + p.name() + ")");
                throw new IllegalStateException("the merge failed at " + p.name() + " and was undone: " + e.getMessage(), e);
            }
        }
        saveOutcomes(mergeId, outcomes);
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
        undoContacts(mergeId, who);
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

    /** Puts the contacts part back: fields and properties not changed since, tags gained, interactions moved. */
    private void undoContacts(long mergeId, String who) {
        Instant now = now();
        Transactions.inTransaction(emf, em -> {
            MergeEntity record = em.find(MergeEntity.class, mergeId, LockModeType.PESSIMISTIC_WRITE);
            ContactEntity survivorEntity = em.find(ContactEntity.class, record.survivorId(), LockModeType.PESSIMISTIC_WRITE);
            Contact survivor = ContactRows.withDetails(em, List.of(survivorEntity)).get(0);
            Map<String, String> current = snapshot(survivor);
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
            ContactDetails details = ContactDetails.of(fromSnapshot(survivor.email(), target, tags), properties::definition);
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

    /** A contact's mergeable fields as text: {@code address.*} parts, custom properties as {@code properties.<name>}. */
    static Map<String, String> snapshot(Contact c) {
        return snapshot(c.firstName(), c.lastName(), c.phone(), c.language(),
                c.preferredChannel() == null ? null : c.preferredChannel().name(), c.address(), c.owner(), c.accountId(),
                c.properties());
    }

    private static Map<String, String> snapshot(ContactDetails d) {
        return snapshot(d.firstName(), d.lastName(), d.phone(), d.language(),
                d.preferredChannel() == null ? null : d.preferredChannel().name(), d.address(), d.owner(), d.accountId(),
                d.properties());
    }

    private static Map<String, String> snapshot(String first, String last, String phone, String language, String channel,
            Address address, String owner, Long account, Map<String, Object> props) {
        Map<String, String> s = new LinkedHashMap<>();
        put(s, "firstName", first);
        put(s, "lastName", last);
        put(s, "phone", phone);
        put(s, "language", language);
        put(s, "preferredChannel", channel);
        put(s, "address.street", address.street());
        put(s, "address.locality", address.locality());
        put(s, "address.region", address.region());
        put(s, "address.postalCode", address.postalCode());
        put(s, "address.country", address.country());
        put(s, "owner", owner);
        put(s, "accountId", account == null ? null : account.toString());
        props.forEach((name, value) -> s.put(PROPERTY + name, ContactPropertyEntity.text(value)));
        return s;
    }

    private static void put(Map<String, String> s, String key, String value) {
        if (value != null) {
            s.put(key, value);
        }
    }

    private NewContact fromSnapshot(String email, Map<String, String> s, Set<String> tags) {
        Map<String, Object> props = new TreeMap<>();
        s.forEach((key, value) -> {
            // A property removed since the merge has no values to restore.
            if (key.startsWith(PROPERTY) && properties.definition(key.substring(PROPERTY.length())).isPresent()) {
                props.put(key.substring(PROPERTY.length()), value);
            }
        });
        return new NewContact(email, s.get("firstName"), s.get("lastName"), s.get("phone"), s.get("language"),
                s.get("preferredChannel"), tags, new Address(s.get("address.street"), s.get("address.locality"),
                        s.get("address.region"), s.get("address.postalCode"), s.get("address.country")),
                s.get("owner"), s.containsKey("accountId") ? Long.valueOf(s.get("accountId")) : null, props);
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

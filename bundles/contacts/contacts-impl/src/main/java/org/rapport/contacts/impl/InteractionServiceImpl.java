package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.FlushModeType;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactInteraction;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.InteractionListener;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.InteractionTotals;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.InLists;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactions in table {@code INTERACTION}, one timeline per contact, announced on Event Admin
 * and handed to plugins' {@link InteractionListener}s, each within a time budget
 * ({@code etc/org.rapport.contacts.listeners.cfg}; see {@link InteractionListeners}).
 */
@Component(service = {InteractionService.class, InteractionServiceImpl.class}, configurationPid = InteractionServiceImpl.LISTENERS_PID)
public class InteractionServiceImpl implements InteractionService {

    static final String LISTENERS_PID = "org.rapport.contacts.listeners";
    private static final Logger LOG = LoggerFactory.getLogger(InteractionServiceImpl.class);

    /** How plugins' interaction listeners are held to account. */
    @ObjectClassDefinition(name = "Rapport interaction listeners", description = "Plugins' interaction listeners: time budget and suspension")
    public @interface ListenerConfig {
        @AttributeDefinition(description = "How long a listener may take with one interaction, in milliseconds")
        long listenerBudgetMillis() default 5000;

        @AttributeDefinition(description = "Faults (throwing, or over the budget) in a row after which a listener is suspended")
        int suspendListenerAfterFaults() default 5;
    }

    private final EntityManagerFactory emf;
    private final Clock clock;
    private final InteractionListeners listeners;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public InteractionServiceImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            ListenerConfig config) {
        this(emf, Clock.systemUTC(), Duration.ofMillis(Math.max(1, config.listenerBudgetMillis())),
                Math.max(1, config.suspendListenerAfterFaults()));
    }

    /** With the default listener budget (5 s) and suspension (after 5 faults in a row); for tests and tools. */
    public InteractionServiceImpl(EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    /** As {@link #InteractionServiceImpl(EntityManagerFactory)} on another clock: for other bundles' tests. */
    public InteractionServiceImpl(EntityManagerFactory emf, Clock clock) {
        this(emf, clock, Duration.ofSeconds(5), 5);
    }

    InteractionServiceImpl(EntityManagerFactory emf, Clock clock, Duration listenerBudget, int suspendListenerAfter) {
        this.emf = emf;
        this.clock = clock;
        this.listeners = new InteractionListeners(listenerBudget, suspendListenerAfter, clock, event -> {
            EventAdmin admin = events;
            if (admin != null) {
                admin.postEvent(event);
            }
        });
    }

    /**
     * New settings while running: the service stays registered, so nothing that records interactions (every
     * capability, the contacts' REST resources) stops. The listeners' budget and suspension stay as the guard
     * opened them, so an edit does not forget which listeners are suspended; they change when contacts next
     * starts.
     */
    @Modified
    void modified(ListenerConfig config) {
        LOG.warn("listenerBudgetMillis and suspendListenerAfterFaults in etc/{}.cfg apply when contacts next starts",
                LISTENERS_PID);
    }

    @Deactivate
    void deactivate() {
        listeners.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(InteractionListener listener, Map<String, Object> properties) {
        Object name = properties.get(InteractionListener.NAME);
        Object bundle = properties.get("service.bundleid");
        listeners.add(name != null ? name.toString() : "bundle " + bundle, listener);
    }

    void removeListener(InteractionListener listener) {
        listeners.remove(listener);
    }

    /** The plugins' listeners, with their records. */
    public List<InteractionListeners.Status> listeners() {
        return listeners.status();
    }

    /** Lets a suspended listener hear of interactions again; false if it was not suspended. */
    public boolean resumeListener(String name, String requester) {
        return listeners.resume(name, requester);
    }

    void setEventAdmin(EventAdmin events) {
        this.events = events;
    }

    @Override
    public Interaction record(long contactId, NewInteraction interaction, String source) {
        return recordAll(List.of(new ContactInteraction(contactId, interaction)), source, false).get(0);
    }

    @Override
    public List<Interaction> recordAll(List<ContactInteraction> interactions, String source) {
        if (interactions == null) {
            throw new ContactValidationException(Map.of("interactions", "are required"));
        }
        return recordAll(interactions, source, true);
    }

    /**
     * Checks every entry, then stores them in one transaction and announces the new ones.
     *
     * @param batch whether errors name their entry ({@code interactions[3].type}), as a batch's do
     */
    private List<Interaction> recordAll(List<ContactInteraction> entries, String source, boolean batch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> errors = new LinkedHashMap<>();
        List<InteractionInput> inputs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ContactInteraction entry = entries.get(i);
            inputs.add(InteractionInput.check(entry == null ? null : entry.interaction(), now, entryField(batch, i), errors));
        }
        InteractionInput.checkSource(source, errors);
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        return store(entries.stream().map(ContactInteraction::contactId).toList(), inputs, source, batch, now);
    }

    /**
     * Stores checked interactions in one transaction and announces the new ones: only what
     * {@link InteractionInput#check} and {@link InteractionInput#checkSource} passed comes here.
     */
    private List<Interaction> store(List<Long> contactIds, List<InteractionInput> inputs, String source, boolean batch,
            Instant now) {
        List<Boolean> replayed = new ArrayList<>();
        // A second delivery of the same event that commits first makes this one's insert fail on the
        // unique event id: run again, it finds that interaction.
        List<Interaction> stored = Transactions.retrying(emf, 3, em -> {
            replayed.clear();
            List<Interaction> page = new ArrayList<>();
            List<InteractionEntity> added = new ArrayList<>();
            Map<Long, ContactEntity> owners = contacts(em, contactIds);
            for (int i = 0; i < contactIds.size(); i++) {
                ContactEntity contact = owners.get(contactIds.get(i));
                if (contact == null) {
                    throw new ContactValidationException(Map.of(entryField(batch, i) + "contactId",
                            "there is no contact " + contactIds.get(i)));
                }
                // What happens to a merged contact now happens to the person's surviving record.
                long owner = ContactMergerImpl.survivorOf(em, contact);
                InteractionInput in = inputs.get(i);
                Optional<Interaction> earlier = in.eventId() == null ? Optional.empty()
                        : em.createQuery("select i from InteractionEntity i where i.eventId = :e", InteractionEntity.class)
                                .setParameter("e", in.eventId()).getResultStream().findFirst().map(InteractionEntity::toDto);
                replayed.add(earlier.isPresent());
                if (earlier.isPresent()) {
                    page.add(sameEvent(earlier.get(), owner, in.type(), entryField(batch, i)));
                    added.add(null);
                    continue;
                }
                InteractionEntity entity = new InteractionEntity(owner, in.channel(), in.direction(), in.type(),
                        in.occurredAt(), in.summary(), in.payload(), source.strip(), now, in.eventId());
                em.persist(entity);
                page.add(null);
                added.add(entity);
            }
            em.flush();
            // Written: each event's insert need not flush the page's entities again before it (it would
            // look at every one of them, for each event of the page).
            em.setFlushMode(FlushModeType.COMMIT);
            for (int i = 0; i < page.size(); i++) {
                if (added.get(i) != null) {
                    page.set(i, added.get(i).toDto());
                    ContactEvents.interaction(em, page.get(i));
                }
            }
            return page;
        });
        for (int i = 0; i < stored.size(); i++) {
            if (!replayed.get(i)) {
                announce(stored.get(i));
            }
        }
        return stored;
    }

    /**
     * An interaction checked field by field when it was handed in, to be recorded later with others
     * as it was checked: made only by {@link #check}, so that nothing unchecked is stored by
     * {@link #recordAll(List)}.
     */
    static final class Checked {
        private final long contactId;
        private final InteractionInput input;
        private final String source;

        private Checked(long contactId, InteractionInput input, String source) {
            this.contactId = contactId;
            this.input = input;
            this.source = source;
        }
    }

    /**
     * Checks an interaction field by field, every field at fault named in the exception, as the
     * public paths do; its time, when it has none, is now.
     */
    Checked check(long contactId, NewInteraction interaction, String source) {
        Map<String, String> errors = new LinkedHashMap<>();
        InteractionInput input = InteractionInput.check(interaction, clock.instant().truncatedTo(ChronoUnit.MILLIS), "",
                errors);
        InteractionInput.checkSource(source, errors);
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        return new Checked(contactId, input, source);
    }

    /**
     * Records checked interactions, those of one source in one transaction, then announces those
     * that were new. When they cannot be stored at once (nothing of them is written then), each is
     * stored alone, and one that cannot be is logged and dropped, as an interaction posted on Event
     * Admin always was.
     */
    void recordAll(List<Checked> page) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, List<Checked>> bySource = new LinkedHashMap<>();
        page.forEach(c -> bySource.computeIfAbsent(c.source, s -> new ArrayList<>()).add(c));
        for (Map.Entry<String, List<Checked>> same : bySource.entrySet()) {
            List<Checked> entries = same.getValue();
            if (entries.size() > 1) {
                try {
                    store(entries.stream().map(c -> c.contactId).toList(), entries.stream().map(c -> c.input).toList(),
                            same.getKey(), false, now);
                    continue;
                } catch (RuntimeException e) {
                    LOG.debug("A page of {} interactions could not be recorded at once ({}); recording them one by one",
                            entries.size(), e.getClass().getSimpleName());
                }
            }
            for (Checked entry : entries) {
                try {
                    store(List.of(entry.contactId), List.of(entry.input), same.getKey(), false, now);
                } catch (ContactValidationException refused) {
                    // The fields at fault, not the reasons: a reason quotes the value, and the log outlives erasure.
                    LOG.warn("Interaction of contact {} refused: {} not valid", entry.contactId,
                            refused.fieldErrors().keySet());
                }
            }
        }
    }

    /** What a field's name starts with in errors: its entry in a batch ({@code interactions[3].}). */
    private static String entryField(boolean batch, int i) {
        return batch ? "interactions[" + i + "]." : "";
    }

    /**
     * The entries' contacts, read a thousand to a query into the transaction's persistence context,
     * the ids padded ({@link InLists}) so that pages of any size run on a few statements.
     */
    private static Map<Long, ContactEntity> contacts(EntityManager em, List<Long> contactIds) {
        List<Long> ids = contactIds.stream().distinct().toList();
        Map<Long, ContactEntity> found = new HashMap<>();
        if (ids.size() == 1) { // one contact (record): found by its id, in the shared cache when it is there
            Optional.ofNullable(em.find(ContactEntity.class, ids.get(0))).ifPresent(c -> found.put(c.id(), c));
            return found;
        }
        for (int start = 0; start < ids.size(); start += 1000) {
            em.createQuery("select c from ContactEntity c where c.id in :ids", ContactEntity.class)
                    .setParameter("ids", InLists.padded(ids.subList(start, Math.min(ids.size(), start + 1000))))
                    .getResultList()
                    .forEach(c -> found.put(c.id(), c));
        }
        return found;
    }

    @Override
    public int resummarize(Collection<String> eventIds, String summary) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (eventIds == null || eventIds.stream().anyMatch(e -> e == null || e.isBlank())) {
            errors.put("eventIds", eventIds == null ? "are required" : "has a blank event id");
        }
        if (summary == null || summary.isBlank()) {
            errors.put("summary", "is required");
        } else if (summary.strip().length() > InteractionInput.MAX_SUMMARY) {
            errors.put("summary", "is longer than " + InteractionInput.MAX_SUMMARY + " characters");
        }
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        List<String> all = eventIds.stream().map(String::strip).distinct().toList();
        int changed = 0;
        for (int from = 0; from < all.size(); from += MAX_PAGE) {
            List<String> page = all.subList(from, Math.min(all.size(), from + MAX_PAGE));
            changed += Transactions.inTransaction(emf, em -> em.createQuery("update InteractionEntity i set i.summary = :s "
                    + "where i.eventId in :e and (i.summary is null or i.summary <> :s)").setParameter("s", summary.strip())
                    .setParameter("e", page).executeUpdate());
        }
        return changed;
    }

    /** The interaction recorded before with this event id, if it is the same contact's of the same type. */
    private static Interaction sameEvent(Interaction earlier, long owner, String type, String prefix) {
        if (earlier.contactId() != owner || !earlier.type().equals(type)) {
            throw new ContactValidationException(Map.of(prefix + "eventId", "event '" + earlier.eventId() + "' was recorded "
                    + "before as a " + earlier.type() + " of contact " + earlier.contactId()));
        }
        return earlier;
    }

    /** Tells other bundles; after the commit, so that no one hears of an interaction that is not stored. */
    private void announce(Interaction interaction) {
        listeners.deliver(interaction);
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(InteractionEvents.CONTACT_ID, interaction.contactId());
        properties.put(InteractionEvents.INTERACTION_ID, interaction.id());
        properties.put(InteractionEvents.CHANNEL, interaction.channel().label());
        properties.put(InteractionEvents.DIRECTION, interaction.direction().name().toLowerCase(Locale.ROOT));
        properties.put(InteractionEvents.TYPE, interaction.type());
        properties.put(InteractionEvents.OCCURRED_AT, interaction.occurredAt().toString());
        properties.put(InteractionEvents.SOURCE, interaction.source());
        if (interaction.summary() != null) {
            properties.put(InteractionEvents.SUMMARY, interaction.summary());
        }
        interaction.payload().forEach((name, value) -> properties.put(InteractionEvents.PAYLOAD_PREFIX + name, value));
        admin.postEvent(new Event(InteractionEvents.RECORDED, properties));
    }

    @Override
    public List<Interaction> timeline(long contactId, Set<Channel> channels, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
        return Transactions.read(emf, em -> query(em, "select i", contactId, channels, InteractionEntity.class,
                " order by i.occurredAt desc, i.id desc").setFirstResult(offset).setMaxResults(limit).getResultList()
                .stream().map(InteractionEntity::toDto).collect(Collectors.toList()));
    }

    @Override
    public long count(long contactId, Set<Channel> channels) {
        return Transactions.read(emf, em -> query(em, "select count(i)", contactId, channels, Long.class, "")
                .getSingleResult());
    }

    @Override
    public List<InteractionTotals> totals(String type, Instant since, String currency, Collection<Long> contactIds) {
        // In a transaction: Totals queries in JDBC on its connection.
        return Transactions.inTransaction(emf, em -> Totals.of(em, type, since, currency, contactIds));
    }

    private static <T> TypedQuery<T> query(EntityManager em, String select, long contactId, Set<Channel> channels,
            Class<T> type, String order) {
        boolean some = channels != null && !channels.isEmpty();
        TypedQuery<T> query = em.createQuery(select + " from InteractionEntity i where i.contactId = :contact"
                + (some ? " and i.channel in :channels" : "") + order, type).setParameter("contact", contactId);
        return some ? query.setParameter("channels", List.copyOf(channels)) : query;
    }
}

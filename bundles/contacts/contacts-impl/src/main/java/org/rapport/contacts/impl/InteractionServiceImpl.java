package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
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
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Direction;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.InteractionListener;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.InteractionTotals;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactions in table {@code INTERACTION}, one timeline per contact, announced on Event Admin
 * and handed to plugins' {@link InteractionListener}s, each within a time budget
 * ({@code etc/org.rapport.contacts.listeners.cfg}; see {@link InteractionListeners}).
 */
@Component(service = InteractionService.class, configurationPid = InteractionServiceImpl.LISTENERS_PID)
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

    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    static final Pattern PAYLOAD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
    static final int MAX_SUMMARY = 1000;
    static final int MAX_EVENT_ID = 200;
    static final int MAX_PAYLOAD_ENTRIES = 50;
    static final int MAX_PAYLOAD_VALUE = 2000;
    /** Clocks drift; an interaction from further in the future than this is a mistake. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

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
        if (interaction == null) {
            throw new ContactValidationException(Map.of("interaction", "is required"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> errors = new LinkedHashMap<>();
        Channel channel = parse(errors, "channel", interaction.channel(), Channel::parse);
        Direction direction = parse(errors, "direction", interaction.direction(), Direction::parse);
        String type = interaction.type() == null ? null : interaction.type().strip();
        if (type == null || type.isEmpty()) {
            errors.put("type", "is required, such as call, purchase or support-case");
        } else if (!TYPE.matcher(type).matches()) {
            errors.put("type", "'" + type + "' must be lower-case letters, digits and '-', starting with a letter");
        }
        Instant occurredAt = interaction.occurredAt() == null ? now : interaction.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        if (occurredAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
            errors.put("occurredAt", occurredAt + " is in the future");
        }
        String summary = interaction.summary() == null || interaction.summary().isBlank() ? null : interaction.summary().strip();
        if (summary != null && summary.length() > MAX_SUMMARY) {
            errors.put("summary", "is longer than " + MAX_SUMMARY + " characters");
        }
        Map<String, String> payload = interaction.payload() == null ? Map.of() : interaction.payload();
        checkPayload(errors, payload);
        if (source == null || source.isBlank() || source.length() > 200) {
            errors.put("source", "who records the interaction is required, at most 200 characters");
        }
        String eventId = interaction.eventId() == null || interaction.eventId().isBlank() ? null : interaction.eventId().strip();
        if (eventId != null && eventId.length() > MAX_EVENT_ID) {
            errors.put("eventId", "is longer than " + MAX_EVENT_ID + " characters");
        }
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        boolean[] replayed = new boolean[1];
        // A second delivery of the same event that commits first makes this one's insert fail on the
        // unique event id: run again, it finds that interaction.
        Interaction stored = Transactions.retrying(emf, 3, em -> {
            ContactEntity contact = em.find(ContactEntity.class, contactId);
            if (contact == null) {
                throw new ContactValidationException(Map.of("contactId", "there is no contact " + contactId));
            }
            // What happens to a merged contact now happens to the person's surviving record.
            long owner = ContactMergerImpl.survivorOf(em, contact);
            if (eventId != null) {
                Optional<Interaction> earlier = em.createQuery("select i from InteractionEntity i where i.eventId = :e",
                        InteractionEntity.class).setParameter("e", eventId).getResultStream().findFirst()
                        .map(InteractionEntity::toDto);
                if (earlier.isPresent()) {
                    replayed[0] = true;
                    return sameEvent(earlier.get(), owner, type);
                }
            }
            InteractionEntity entity = new InteractionEntity(owner, channel, direction, type, occurredAt, summary,
                    payload, source.strip(), now, eventId);
            em.persist(entity);
            em.flush();
            Interaction recorded = entity.toDto();
            ContactEvents.interaction(em, recorded);
            return recorded;
        });
        if (!replayed[0]) {
            announce(stored);
        }
        return stored;
    }

    @Override
    public int resummarize(Collection<String> eventIds, String summary) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (eventIds == null || eventIds.stream().anyMatch(e -> e == null || e.isBlank())) {
            errors.put("eventIds", eventIds == null ? "are required" : "has a blank event id");
        }
        if (summary == null || summary.isBlank()) {
            errors.put("summary", "is required");
        } else if (summary.strip().length() > MAX_SUMMARY) {
            errors.put("summary", "is longer than " + MAX_SUMMARY + " characters");
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
    private static Interaction sameEvent(Interaction earlier, long owner, String type) {
        if (earlier.contactId() != owner || !earlier.type().equals(type)) {
            throw new ContactValidationException(Map.of("eventId", "event '" + earlier.eventId() + "' was recorded "
                    + "before as a " + earlier.type() + " of contact " + earlier.contactId()));
        }
        return earlier;
    }

    private static <T> T parse(Map<String, String> errors, String field, String text, Function<String, T> parser) {
        if (text == null || text.isBlank()) {
            errors.put(field, "is required");
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    private static void checkPayload(Map<String, String> errors, Map<String, String> payload) {
        if (payload.size() > MAX_PAYLOAD_ENTRIES) {
            errors.put("payload", "has " + payload.size() + " entries; at most " + MAX_PAYLOAD_ENTRIES);
            return;
        }
        for (Map.Entry<String, String> entry : payload.entrySet()) {
            String name = entry.getKey();
            if (name == null || !PAYLOAD_NAME.matcher(name).matches()) {
                errors.put("payload", "'" + name + "' is not a payload name: letters, digits, '.', '_', '-', "
                        + "starting with a letter, at most 64");
            } else if (entry.getValue() == null) {
                errors.put("payload." + name, "has no value");
            } else if (entry.getValue().length() > MAX_PAYLOAD_VALUE) {
                errors.put("payload." + name, "is longer than " + MAX_PAYLOAD_VALUE + " characters");
            }
        }
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

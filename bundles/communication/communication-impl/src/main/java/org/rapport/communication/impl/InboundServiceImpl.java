package org.rapport.communication.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.communication.api.AddressState;
import org.rapport.communication.api.InboundAccess;
import org.rapport.communication.api.InboundAttachment;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundListener;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.InboundService;
import org.rapport.communication.api.MessageEvents;
import org.rapport.communication.api.MessageService;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound log. A message that comes in (the mailbox, an inbound webhook) is stored once per
 * channel and sender's id, matched to the contact its sender's address belongs to, put on that
 * contact's timeline (type {@code message}, direction {@code inbound}), posted as
 * {@link MessageEvents#RECEIVED} and handed to the {@link InboundListener}s; a bounce's reports go
 * to {@link Bounces}.
 */
@Component(service = {InboundService.class, InboundServiceImpl.class})
public class InboundServiceImpl implements InboundService {

    private static final Logger LOG = LoggerFactory.getLogger(InboundServiceImpl.class);
    /** The most ids of a message's threading fields looked up, newest first: mail clients keep about twenty. */
    static final int MAX_LOOKUPS = 20;

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final InteractionService interactions;
    private final Clock clock;
    private final InboundListeners listeners;
    private final Bounces bounces;
    private final Consumer<Event> events;
    private final InboundKeepers keepers = new InboundKeepers();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public InboundServiceImpl(@Reference(target = "(osgi.unit.name=rapport-communication)") EntityManagerFactory emf,
            @Reference ContactService contacts, @Reference InteractionService interactions) {
        this(emf, contacts, interactions, Clock.systemUTC(), Duration.ofSeconds(10), 5, null);
    }

    /** @param events where events and audit entries go; null for Event Admin, when it is there */
    InboundServiceImpl(EntityManagerFactory emf, ContactService contacts, InteractionService interactions, Clock clock,
            Duration listenerBudget, int suspendListenerAfter, Consumer<Event> events) {
        this.emf = emf;
        this.contacts = contacts;
        this.interactions = interactions;
        this.clock = clock;
        Consumer<Event> post = events != null ? events : this::post;
        this.events = post;
        Consumer<Event> audit = events != null ? events : this::send;
        this.listeners = new InboundListeners(listenerBudget, suspendListenerAfter, clock, post);
        this.bounces = new Bounces(emf, clock, post, audit);
    }

    private void post(Event event) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(event);
        }
    }

    private void send(Event event) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.sendEvent(event);
        }
    }

    @Deactivate
    void deactivate() {
        listeners.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(InboundListener listener, Map<String, Object> properties) {
        Object name = properties.get(InboundListener.NAME);
        listeners.add(name != null ? name.toString() : "bundle " + properties.get("service.bundleid"), listener);
    }

    void removeListener(InboundListener listener) {
        listeners.remove(listener);
    }

    /** The keepers' word on who reads the messages they filed ({@link InboundKeepers}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccess(InboundAccess access, Map<String, Object> properties) {
        keepers.add(properties.get(InboundAccess.KEEPER), access);
    }

    void removeAccess(InboundAccess access) {
        keepers.remove(access);
    }

    /**
     * Stores a message that came in and hands it on. Nothing is stored when the channel already has
     * a message with its id, or when {@code seenKey} (an inbound webhook's signature) was seen before.
     * A mail read again with files ({@link #again}) is handed on again with them, as the log keeps no
     * file: a listener that had not taken it the first time (a node stopped first) gets them.
     *
     * @param seenKey a key to accept once, or null
     * @param signed whether a signed webhook delivered it (its bounces are taken as reported)
     * @return the stored message, or empty when it was a repeat
     */
    Optional<InboundMessage> receive(Arrival a, String seenKey, boolean signed) {
        Instant now = clock.instant();
        // A sender the receiving server could not vouch for is nobody's: its words are no contact's.
        Long contactId = a.kind() == InboundKind.BOUNCE || a.unauthenticated() != null ? null
                : contactOf(a.medium(), a.from());
        Long answers = answered(a);
        String channel = Columns.required("channel", a.channel(), 60);
        String externalId = Columns.required("id", a.externalId(), 500);
        Optional<Taken> taken = Transactions.retrying(emf, 3, em -> {
            if (seenKey != null) {
                if (em.find(WebhookSeenEntity.class, seenKey) != null) {
                    return Optional.empty();
                }
                em.persist(new WebhookSeenEntity(seenKey, now));
            }
            List<InboundEntity> before = em.createQuery("select i from InboundEntity i where i.channel = :c and "
                    + "i.externalId = :x order by i.id", InboundEntity.class).setParameter("c", channel)
                    .setParameter("x", externalId).setMaxResults(1).getResultList();
            if (!before.isEmpty()) {
                return again(before.get(0), a, contactId, signed || seenKey != null)
                        ? Optional.of(new Taken(before.get(0).toMessage(), true)) : Optional.<Taken>empty();
            }
            InboundEntity e = new InboundEntity();
            e.channel = channel;
            e.sender = Columns.clip(a.from() == null ? "unknown" : a.from(), 320);
            e.contactId = contactId;
            e.subject = PlainText.line(a.subject(), 998);
            e.body = PlainText.clean(a.text(), InboundMessage.MAX_TEXT);
            e.externalId = externalId;
            e.inReplyTo = Columns.clip(a.inReplyTo(), 500);
            e.references = a.references().isEmpty() ? null : Columns.clip(String.join("\n", a.references()), 4000);
            e.answers = answers;
            e.kind = a.kind();
            e.receivedAt = now;
            e.unauthenticated = a.unauthenticated() == null ? null : Columns.clip(a.unauthenticated(), 200);
            e.authenticated = a.authenticated() && a.unauthenticated() == null;
            em.persist(e);
            em.flush();
            return Optional.of(new Taken(e.toMessage(), false));
        });
        if (taken.isPresent() && taken.get().repeat()) {
            LOG.info("Inbound message {} was read again with {} file(s): handed on again with them", taken.get().message().id(),
                    a.attachments().size());
            listeners.deliver(withFiles(taken.get().message(), a.attachments()));
            return Optional.empty();
        }
        Optional<InboundMessage> stored = taken.map(Taken::message);
        if (stored.isEmpty()) {
            return stored;
        }
        // The files go to the listeners as the mail is read: the log keeps the message, not its files.
        InboundMessage m = a.attachments().isEmpty() ? stored.get() : withFiles(stored.get(), a.attachments());
        LOG.info("Inbound message {} by {}{} ({})", m.id(), m.channel(), m.unauthenticated() != null
                ? ", sender not authenticated (" + m.unauthenticated() + ")"
                : m.contactId() == null ? ", no contact matched" : " from contact " + m.contactId(),
                m.kind().name().toLowerCase(Locale.ROOT));
        // A forged bounce marks no address undeliverable.
        for (Arrival.BounceReport report : a.unauthenticated() == null ? a.bounces() : List.<Arrival.BounceReport>of()) {
            bounces.record(report, signed, address -> contactOf(Channel.EMAIL, address),
                    signed ? "webhook " + channel : "mailbox");
        }
        if (m.contactId() != null && m.kind() != InboundKind.BOUNCE) {
            onTimeline(m, a.medium());
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(MessageEvents.INBOUND_ID, m.id());
        properties.put(MessageEvents.CHANNEL, m.channel());
        properties.put(MessageEvents.KIND, m.kind().name());
        if (m.contactId() != null) {
            properties.put(MessageEvents.CONTACT_ID, m.contactId());
        }
        events.accept(new Event(MessageEvents.RECEIVED, properties));
        listeners.deliver(m);
        return stored;
    }

    /** A message just stored, or one stored before and read again ({@code repeat}). */
    private record Taken(InboundMessage message, boolean repeat) {
    }

    /**
     * Whether arrival {@code a}, with the id of {@code stored}, is that same mail read again with files
     * to hand on: read from the mailbox (a webhook's repeat is refused), from the same sender, matched to
     * the same contact, with the same sender check and the same text. A mail that only borrows another's
     * id hands nothing on, so nobody slips files under somebody else's message.
     */
    private static boolean again(InboundEntity stored, Arrival a, Long contactId, boolean webhook) {
        return !webhook && !a.attachments().isEmpty() && stored.kind == a.kind()
                && Objects.equals(stored.contactId, contactId)
                && Objects.equals(stored.sender, Columns.clip(a.from() == null ? "unknown" : a.from(), 320))
                && Objects.equals(stored.unauthenticated, a.unauthenticated() == null ? null
                        : Columns.clip(a.unauthenticated(), 200))
                && Objects.equals(stored.body, PlainText.clean(a.text(), InboundMessage.MAX_TEXT));
    }

    /** Forgets the webhook signatures seen before {@code before}: older requests are refused for their timestamp. */
    void forgetSeen(Instant before) {
        Transactions.run(emf, em -> em.createQuery("delete from WebhookSeenEntity s where s.seenAt < :before")
                .setParameter("before", before).executeUpdate());
    }

    /** The one contact whose email address (or phone number) the sender's address is, or null. */
    Long contactOf(Channel medium, String address) {
        try {
            return matching(medium, address);
        } catch (IllegalArgumentException unsearchable) {
            // An address the contact search cannot take as a query matches no one.
            return null;
        }
    }

    private Long matching(Channel medium, String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        String wanted = address.strip().toLowerCase(Locale.ROOT);
        if (wanted.contains("@")) {
            if (!wanted.matches("[^\\s\"<>()]{1,300}@[^\\s\"<>()@]{1,255}")) {
                return null;
            }
            List<Contact> found = contacts.search(wanted, 0, 10).stream()
                    .filter(c -> c.email() != null && c.email().equalsIgnoreCase(wanted)).toList();
            return found.size() == 1 ? found.get(0).id() : null;
        }
        String digits = wanted.replaceAll("[^0-9]", "");
        if (medium == Channel.EMAIL || digits.length() < 7 || !wanted.matches("\\+?[0-9 ().-]{7,30}")) {
            return null;
        }
        List<Contact> found = contacts.search(digits, 0, 10).stream()
                .filter(c -> c.phone() != null && c.phone().replaceAll("[^0-9]", "").equals(digits)).toList();
        return found.size() == 1 ? found.get(0).id() : null;
    }

    /** The stored message with the files the mail carried, for the listeners. */
    private static InboundMessage withFiles(InboundMessage m, List<InboundAttachment> files) {
        return new InboundMessage(m.id(), m.channel(), m.from(), m.contactId(), m.subject(), m.text(), m.messageId(),
                m.inReplyTo(), m.references(), m.answers(), m.receivedAt(), m.kind(), m.unauthenticated(), files,
                m.authenticated());
    }

    /**
     * Rapport's message the arrival answers: the newest of its {@code In-Reply-To} and its last
     * {@link #MAX_LOOKUPS} {@code References} that is the id a sent message was given, in one query.
     * An id is looked up only as it was stored (Message-IDs are random), and a mail naming thousands
     * costs no more than one naming twenty.
     */
    private Long answered(Arrival a) {
        List<String> named = new ArrayList<>();
        if (a.inReplyTo() != null) {
            named.add(a.inReplyTo());
        }
        for (int i = a.references().size() - 1; i >= 0 && named.size() < MAX_LOOKUPS; i--) {
            if (!named.contains(a.references().get(i))) {
                named.add(a.references().get(i));
            }
        }
        if (named.isEmpty()) {
            return null;
        }
        Map<String, Long> sent = new HashMap<>();
        Transactions.read(emf, em -> em.createQuery("select m.providerReference, m.id from MessageEntity m "
                + "where m.providerReference in :refs", Object[].class).setParameter("refs", named).getResultList())
                .forEach(row -> sent.putIfAbsent((String) row[0], (Long) row[1]));
        return named.stream().map(sent::get).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private void onTimeline(InboundMessage m, Channel medium) {
        Map<String, String> payload = new HashMap<>();
        payload.put("inboundId", Long.toString(m.id()));
        payload.put("channel", m.channel());
        payload.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
        if (m.answers() != null) {
            payload.put("answers", Long.toString(m.answers()));
        }
        // A message a keeper will file is without its words from the start: the timeline's listeners hear no more.
        String keeper = keepers.keeperOf(m);
        String summary = keeper != null ? keptSummary(keeper) : m.subject() != null ? m.subject()
                : m.text().length() > 200 ? m.text().substring(0, 200) + "..." : m.text();
        try {
            interactions.record(m.contactId(), new NewInteraction(medium.label(), "inbound", "message", m.receivedAt(),
                    PlainText.line(summary, 500), payload, timelineEvent(m.id())), "communication");
        } catch (RuntimeException e) {
            LOG.warn("Inbound message {} was stored but could not be put on contact {}'s timeline: {}", m.id(),
                    m.contactId(), e.toString());
        }
    }

    @Override
    public List<InboundMessage> inbound(Long contactId, int offset, int limit) {
        return inbound(contactId, null, offset, limit);
    }

    @Override
    public List<InboundMessage> inbound(Long contactId, InboundReader reader, int offset, int limit) {
        page(offset, limit);
        return Transactions.read(emf, em -> log(em, "select i", contactId, reader, " order by i.id desc",
                InboundEntity.class).setFirstResult(offset).setMaxResults(limit).getResultStream()
                .map(InboundEntity::toMessage).toList());
    }

    @Override
    public long countInbound(Long contactId) {
        return countInbound(contactId, null);
    }

    @Override
    public long countInbound(Long contactId, InboundReader reader) {
        return Transactions.read(emf, em -> log(em, "select count(i)", contactId, reader, "", Long.class).getSingleResult());
    }

    /** A query of the log: of one contact, or all; of what {@code reader} reads, or everything when null. */
    private <T> TypedQuery<T> log(EntityManager em, String select, Long contactId, InboundReader reader, String order,
            Class<T> type) {
        List<String> where = new ArrayList<>(2);
        if (contactId != null) {
            where.add("i.contactId = :c");
        }
        InboundKeepers.Condition kept = reader == null ? null : keepers.condition(reader, "i");
        if (kept != null) {
            where.add(kept.jpql());
        }
        TypedQuery<T> q = em.createQuery(select + " from InboundEntity i" + (where.isEmpty() ? "" : " where "
                + String.join(" and ", where)) + order, type);
        if (contactId != null) {
            q.setParameter("c", contactId);
        }
        if (kept != null) {
            kept.parameters().forEach(q::setParameter);
        }
        return q;
    }

    @Override
    public Optional<InboundMessage> findInbound(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(InboundEntity.class, id)).map(InboundEntity::toMessage));
    }

    @Override
    public Optional<InboundMessage> findInbound(long id, InboundReader reader) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(InboundEntity.class, id))
                .filter(i -> keepers.reads(reader, i.keeper, i.label)).map(InboundEntity::toMessage));
    }

    /**
     * Takes the messages' words off the contacts' timelines, which every reader of the contact reads
     * (each entry is then {@code message (kept by <keeper>)}), and files them. The timeline goes
     * first: should the filing then fail, the timeline says less, never more. Done for every id each
     * time, so that messages filed before are made good by filing them again.
     */
    @Override
    public void file(Collection<Long> inboundIds, String keeper, String label) {
        // Checked before anything is written: a bad keeper or label leaves the timeline as it was.
        InboundKeepers.Filing filing = new InboundKeepers.Filing(keeper, label);
        interactions.resummarize(inboundIds.stream().map(InboundServiceImpl::timelineEvent).toList(),
                keptSummary(filing.keeper()));
        InboundKeepers.file(emf, "InboundEntity", inboundIds, filing);
    }

    @Override
    public List<Long> filed(String keeper, long afterId, int limit) {
        page(0, limit);
        return Transactions.read(emf, em -> em.createQuery("select i.id from InboundEntity i where i.keeper = :k "
                + "and i.id > :after order by i.id", Long.class).setParameter("k", keeper).setParameter("after", afterId)
                .setMaxResults(limit).getResultList());
    }

    /** The event id of inbound message {@code id}'s entry on its contact's timeline. */
    private static String timelineEvent(long id) {
        return "inbound-" + id;
    }

    /** What the timeline says of a message {@code keeper} keeps, in place of its words. */
    private static String keptSummary(String keeper) {
        return "message (kept by " + keeper + ")";
    }

    /**
     * A contact's inbound messages for an export by {@code reader}, oldest first: each message they
     * read, and for each other only its id and who keeps it ({@code {"id", "kept"}}).
     */
    List<Object> exported(long contactId, InboundReader reader) {
        return Transactions.read(emf, em -> em.createQuery("select i from InboundEntity i where i.contactId = :c "
                + "order by i.id", InboundEntity.class).setParameter("c", contactId).getResultStream()
                .map(i -> keepers.reads(reader, i.keeper, i.label) ? (Object) i.toMessage()
                        : InboundKeepers.kept(i.id, i.keeper))
                .toList());
    }

    @Override
    public List<AddressState> addresses(boolean undeliverableOnly, int offset, int limit) {
        page(offset, limit);
        return Transactions.read(emf, em -> em.createQuery("select a from AddressEntity a"
                + (undeliverableOnly ? " where a.undeliverable = true" : "") + " order by a.lastBounceAt desc, a.address",
                AddressEntity.class).setFirstResult(offset).setMaxResults(limit).getResultStream()
                .map(AddressEntity::toState).toList());
    }

    @Override
    public long countAddresses(boolean undeliverableOnly) {
        return Transactions.read(emf, em -> em.createQuery("select count(a) from AddressEntity a"
                + (undeliverableOnly ? " where a.undeliverable = true" : ""), Long.class).getSingleResult());
    }

    @Override
    public Optional<AddressState> address(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(AddressEntity.class,
                address.strip().toLowerCase(Locale.ROOT))).map(AddressEntity::toState));
    }

    @Override
    public boolean clearUndeliverable(String address, String requester) {
        return bounces.clear(address, requester);
    }

    private static void page(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MessageService.MAX_PAGE) {
            throw new IllegalArgumentException("limit is from 1 to " + MessageService.MAX_PAGE + ", not " + limit);
        }
    }
}

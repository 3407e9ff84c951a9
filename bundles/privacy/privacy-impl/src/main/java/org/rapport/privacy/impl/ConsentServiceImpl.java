package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.persistence.Columns;
import org.rapport.persistence.DomainEvents;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentRate;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.privacy.spi.ConsentQuestion;
import org.rapport.privacy.spi.ConsentVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent records and the gate that reads them. A recorded change commits with its audit entry and
 * the domain event {@code consent.changed}, and also lands on the contact's timeline (an
 * interaction of type {@code consent}, through Event Admin when it is there).
 */
@Component(service = {ConsentService.class, ConsentGate.class}, configurationPid = PrivacyConfig.PID)
@Designate(ocd = PrivacyConfig.class)
public class ConsentServiceImpl implements ConsentService, ConsentGate {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentServiceImpl.class);

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final Clock clock;
    // From the settings, replaced together when they change ({@link #modified}).
    private volatile List<String> purposes;
    private volatile GateDecisions gate;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public ConsentServiceImpl(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf,
            @Reference ContactService contacts, PrivacyConfig config) {
        this(emf, contacts, Clock.systemUTC(), purposes(config.purposes()), PurposeBases.parse(config.bases()));
    }

    /** The configured purposes: a .cfg file gives one comma-separated string, a .config file an array. */
    static List<String> purposes(String[] configured) {
        List<String> purposes = new ArrayList<>();
        for (String value : configured) {
            for (String purpose : value.split(",")) {
                if (!purpose.isBlank() && !purposes.contains(purpose.strip())) {
                    purposes.add(purpose.strip());
                }
            }
        }
        return purposes;
    }

    /** A gate on {@code purposes}, each on consent, reading time from {@code clock}: for tests and for embedding. */
    public ConsentServiceImpl(EntityManagerFactory emf, ContactService contacts, Clock clock, List<String> purposes) {
        this(emf, contacts, clock, purposes, Map.of());
    }

    /**
     * A gate on {@code purposes}, with the lawful basis of those in {@code bases} (the others on
     * consent): for tests and for embedding.
     */
    public ConsentServiceImpl(EntityManagerFactory emf, ContactService contacts, Clock clock, List<String> purposes,
            Map<String, LawfulBasis> bases) {
        PurposeBases checked = PurposeBases.of(purposes, bases);
        this.emf = emf;
        this.contacts = contacts;
        this.clock = clock;
        apply(checked);
    }

    /**
     * New settings while running: the gate stays registered, so nothing that asks it (every capability, the
     * privacy REST resources) stops. A bad value is refused, naming its key, and the previous settings go on.
     */
    @Modified
    void modified(PrivacyConfig config) {
        try {
            apply(PurposeBases.of(purposes(config.purposes()), PurposeBases.parse(config.bases())));
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", PrivacyConfig.PID,
                    refused.getMessage());
        }
    }

    private synchronized void apply(PurposeBases checked) {
        this.gate = new GateDecisions(emf, checked);
        this.purposes = checked.purposes();
    }

    @Override
    public Consent record(ConsentChange change, String actor) {
        if (change == null) {
            throw new IllegalArgumentException("a consent change is required");
        }
        Instant now = now();
        String purpose = purpose(change.purpose());
        if (change.state() == null) {
            throw new IllegalArgumentException("state is required: granted or withdrawn");
        }
        boolean grant = change.state() == ConsentState.GRANTED;
        if (grant && change.expiresAt() != null && !change.expiresAt().isAfter(now)) {
            throw new IllegalArgumentException("expiresAt " + change.expiresAt() + " is not in the future");
        }
        if (contacts.find(change.contactId()).isEmpty()) {
            throw new IllegalArgumentException("contact " + change.contactId() + " does not exist");
        }
        ConsentChange clean = new ConsentChange(change.contactId(), purpose, change.channel(), change.state(),
                change.basis() == null ? LawfulBasis.CONSENT : change.basis(), Columns.required("source", change.source(), 200),
                Columns.optional("proof", change.proof(), 2000), grant ? change.expiresAt() : null);
        String who = Columns.clip(actor, 120);
        Consent recorded = Transactions.inTransaction(emf, em -> {
            TypedQuery<ConsentEntity> newest = em.createQuery("select c from ConsentEntity c where c.contactId = :contact "
                    + "and c.purpose = :purpose and c.channel " + (clean.channel() == null ? "is null" : "= :channel")
                    + " order by c.recordedAt desc, c.id desc", ConsentEntity.class)
                    .setParameter("contact", clean.contactId()).setParameter("purpose", purpose);
            if (clean.channel() != null) {
                newest.setParameter("channel", clean.channel());
            }
            Optional<Consent> before = newest.setMaxResults(1).getResultStream().findFirst().map(ConsentEntity::toConsent);
            ConsentEntity entity = new ConsentEntity(clean, now, who);
            em.persist(entity);
            em.flush();
            Consent consent = entity.toConsent();
            // The change and its audit entry commit together.
            em.persist(new AuditEntity(now, who, "consent." + consent.state().name().toLowerCase(Locale.ROOT),
                    "contact " + consent.contactId(), before.map(ConsentServiceImpl::describe).orElse(null),
                    describe(consent), consent.contactId()));
            consentChanged(em, consent);
            return consent;
        });
        // Ids, never personal values: the source is free text ("form by ada@example.com") and the log outlives erasure.
        LOG.info("Consent of contact {} for {} by {}: {} ({}), by {}", recorded.contactId(), recorded.purpose(),
                channelLabel(recorded.channel()), recorded.state(), recorded.basis().label(), recorded.actor());
        onTimeline(recorded);
        return recorded;
    }

    /** The domain event {@code consent.changed}, in the change's transaction: codes and ids, not the source or proof. */
    private static void consentChanged(EntityManager em, Consent c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", c.contactId());
        data.put("consentId", c.id());
        data.put("purpose", c.purpose());
        data.put("channel", c.channel() == null ? null : c.channel().label());
        data.put("state", c.state().name().toLowerCase(Locale.ROOT));
        data.put("basis", c.basis().label());
        data.put("expiresAt", c.expiresAt());
        data.put("occurredAt", c.recordedAt());
        DomainEvents.record(em, "consent.changed", c.contactId(), c.recordedAt(), data);
    }

    private void onTimeline(Consent c) {
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(InteractionEvents.CONTACT_ID, c.contactId());
        properties.put(InteractionEvents.CHANNEL, (c.channel() == null ? Channel.OTHER : c.channel()).label());
        properties.put(InteractionEvents.DIRECTION, "inbound");
        properties.put(InteractionEvents.TYPE, "consent");
        properties.put(InteractionEvents.OCCURRED_AT, c.recordedAt().toString());
        properties.put(InteractionEvents.SUMMARY, (c.state() == ConsentState.GRANTED ? "granted " : "withdrew ")
                + c.purpose() + " by " + channelLabel(c.channel()));
        properties.put(InteractionEvents.SOURCE, c.source());
        properties.put(InteractionEvents.PAYLOAD_PREFIX + "consent", Long.toString(c.id()));
        properties.put(InteractionEvents.PAYLOAD_PREFIX + "basis", c.basis().label());
        admin.postEvent(new Event(InteractionEvents.RECORD, properties));
    }

    @Override
    public List<Consent> history(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select c from ConsentEntity c where c.contactId = :contact "
                + "order by c.recordedAt desc, c.id desc", ConsentEntity.class).setParameter("contact", contactId).getResultList()
                .stream().map(ConsentEntity::toConsent).toList());
    }

    @Override
    public List<Consent> current(long contactId) {
        Map<String, Consent> newest = new LinkedHashMap<>();
        for (Consent c : history(contactId)) {
            newest.putIfAbsent(c.purpose() + "/" + c.channel(), c);
        }
        List<Consent> current = new ArrayList<>(newest.values());
        // By purpose; within one, the record for every channel first, then by channel.
        current.sort(Comparator.comparing(Consent::purpose).thenComparing(Consent::channel,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return current;
    }

    @Override
    public List<ConsentRate> rates() {
        Instant now = now();
        // Each contact's newest record per purpose and channel: none newer exists beside it.
        List<Object[]> rows = Transactions.read(emf, em -> em.createQuery(
                "select c.purpose, c.channel, c.state, c.expiresAt from ConsentEntity c where not exists ("
                        + "select n.id from ConsentEntity n where n.contactId = c.contactId and n.purpose = c.purpose "
                        + "and (n.channel = c.channel or (n.channel is null and c.channel is null)) "
                        + "and (n.recordedAt > c.recordedAt or (n.recordedAt = c.recordedAt and n.id > c.id)))",
                Object[].class).getResultList());
        record Key(String purpose, Channel channel) {
        }
        Map<Key, long[]> counts = new HashMap<>();
        for (Object[] row : rows) {
            long[] c = counts.computeIfAbsent(new Key((String) row[0], (Channel) row[1]), k -> new long[3]);
            Instant expiresAt = (Instant) row[3];
            if (row[2] == ConsentState.WITHDRAWN) {
                c[1]++;
            } else if (expiresAt != null && !expiresAt.isAfter(now)) {
                c[2]++;
            } else {
                c[0]++;
            }
        }
        return counts.entrySet().stream()
                .map(e -> new ConsentRate(e.getKey().purpose(), e.getKey().channel(), e.getValue()[0], e.getValue()[1],
                        e.getValue()[2]))
                .sorted(Comparator.comparing(ConsentRate::purpose).thenComparing(ConsentRate::channel,
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    @Override
    public List<String> purposes() {
        return purposes;
    }

    @Override
    public ConsentVerdict check(long contactId, String purpose, String channelName, String action, String requester) {
        Channel channel = channelName == null ? null : Channel.parse(channelName);
        return gate.check(contactId, wanted(purpose), purpose, channel, action, requester, now());
    }

    @Override
    public List<ConsentVerdict> checkAll(List<ConsentQuestion> questions) {
        List<GateDecisions.Asked> asked = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            ConsentQuestion q = questions.get(i);
            if (q == null) {
                throw new IllegalArgumentException("questions[" + i + "] is missing");
            }
            Channel channel;
            try {
                channel = q.channel() == null ? null : Channel.parse(q.channel());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("questions[" + i + "]: " + e.getMessage(), e);
            }
            asked.add(new GateDecisions.Asked(q.contactId(), wanted(q.purpose()), q.purpose(), channel, q.action(),
                    q.requester()));
        }
        return gate.checkAll(asked, now());
    }

    @Override
    public Map<Long, ConsentVerdict> checkProfiling(Collection<Long> contactIds, String purpose, String action,
            String requester) {
        return gate.checkProfiling(contactIds, wanted(purpose), purpose, action, requester, now());
    }

    @Override
    public Map<Long, ConsentVerdict> preview(Collection<Long> contactIds, String purpose, String channelName) {
        Channel channel = channelName == null ? null : Channel.parse(channelName);
        return gate.preview(contactIds, wanted(purpose), purpose, channel, now());
    }

    private static String wanted(String purpose) {
        return purpose == null ? "" : purpose.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<ConsentBlock> blocks(long contactId, int limit) {
        return Transactions.read(emf, em -> em.createQuery("select b from ConsentBlockEntity b where b.contactId = :contact "
                + "order by b.id desc", ConsentBlockEntity.class).setParameter("contact", contactId)
                .setMaxResults(Math.max(1, Math.min(limit, 1000))).getResultList().stream()
                .map(ConsentBlockEntity::toBlock).toList());
    }

    private String purpose(String purpose) {
        String p = Columns.required("purpose", purpose, 60).toLowerCase(Locale.ROOT);
        if (!purposes.contains(p)) {
            throw new IllegalArgumentException("purpose '" + purpose + "' is not one of " + String.join(", ", purposes));
        }
        return p;
    }

    /** A consent record as the audit log shows it. */
    static String describe(Consent c) {
        return c.purpose() + " by " + channelLabel(c.channel()) + ": " + c.state().name().toLowerCase(Locale.ROOT) + " ("
                + c.basis().label() + ", " + c.source() + (c.proof() == null ? "" : ", proof " + c.proof())
                + (c.expiresAt() == null ? "" : ", until " + c.expiresAt()) + ")";
    }

    static String channelLabel(Channel channel) {
        return channel == null ? "every channel" : channel.label();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

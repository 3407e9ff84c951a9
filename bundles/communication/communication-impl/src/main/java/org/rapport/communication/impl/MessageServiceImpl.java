package org.rapport.communication.impl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.communication.api.ChannelInfo;
import org.rapport.communication.api.InboundAccess;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendOutcome;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.guard.PluginState;
import org.rapport.guard.PluginPolicy;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: renders and stores messages, keeps templates, and owns the dispatcher that sends
 * what is due through the registered channels.
 */
@Component(service = {MessageService.class, MessageServiceImpl.class}, configurationPid = CommunicationConfig.PID)
@Designate(ocd = CommunicationConfig.class)
public class MessageServiceImpl implements MessageService {

    private static final Logger LOG = LoggerFactory.getLogger(MessageServiceImpl.class);

    private final EntityManagerFactory emf;
    private final ChannelRegistry channels;
    private final Clock clock;
    private final Dispatcher dispatcher;
    private final TemplateStore templates;
    private final InboundKeepers keepers = new InboundKeepers();
    private final Queueing queueing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public MessageServiceImpl(@Reference(target = "(osgi.unit.name=rapport-communication)") EntityManagerFactory emf,
            @Reference ContactService contacts, @Reference InteractionService interactions, @Reference ConsentGate gate,
            CommunicationConfig config, BundleContext context) {
        this(emf, contacts, interactions, gate, new ChannelRegistry(), Clock.systemUTC(), DispatchSettings.of(config),
                null);
        // Before any channel is bound: DS binds the dynamic references once the component is constructed.
        channels.holdPluginsTo(PluginPolicy.open("Message channels", context, this::post));
        dispatcher.start(config.pollMillis());
    }

    /** @param events where the dispatcher posts outcomes; null for Event Admin, when it is there */
    MessageServiceImpl(EntityManagerFactory emf, ContactService contacts, InteractionService interactions,
            ConsentGate gate, ChannelRegistry channels, Clock clock, DispatchSettings settings, Consumer<Event> events) {
        this.emf = emf;
        this.channels = channels;
        this.clock = clock;
        this.templates = new TemplateStore(emf, clock);
        this.queueing = new Queueing(emf, contacts, channels, templates, clock);
        this.dispatcher = new Dispatcher(emf, contacts, interactions, gate, channels, clock, settings,
                events != null ? events : this::post);
    }

    private void post(Event event) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(event);
        }
    }

    /**
     * New settings while running: the dispatcher takes them up without the outbox stopping, so what holds
     * it (every capability that sends, the messages' REST resources) stays. A bad value is refused, naming
     * its key, and the previous settings go on.
     */
    @Modified
    void modified(CommunicationConfig config) {
        try {
            dispatcher.reconfigure(DispatchSettings.of(config), config.pollMillis());
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", CommunicationConfig.PID,
                    refused.getMessage());
        }
    }

    @Deactivate
    public void stop() {
        dispatcher.stop();
    }

    /** Binds a channel registered as a service with {@value MessageChannel#NAME}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addChannel(MessageChannel channel, Map<String, Object> properties) {
        channels.add(channel, properties);
        dispatcher.wake();
    }

    public void removeChannel(MessageChannel channel, Map<String, Object> properties) {
        channels.remove(channel, properties);
    }

    /** The keepers' word on who reads the messages they keep: the same whiteboard as the inbound log's. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccess(InboundAccess access, Map<String, Object> properties) {
        keepers.add(properties.get(InboundAccess.KEEPER), access);
    }

    void removeAccess(InboundAccess access) {
        keepers.remove(access);
    }

    /** The dispatcher, for tests that send deterministically. */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public Message send(SendRequest request, String requester) {
        Message message = queueing.send(request, requester);
        if (message.attempts() == 0 && message.status() == MessageStatus.QUEUED) {
            LOG.debug("Message {} ({}) to contact {} by {} queued", message.id(), message.template(), message.contactId(),
                    message.channel());
            dispatcher.wake();
        }
        return message;
    }

    @Override
    public List<SendOutcome> sendAll(List<SendRequest> requests, String requester) {
        List<SendOutcome> outcomes = queueing.sendAll(requests, requester);
        LOG.debug("{} message(s) of {} queued", outcomes.stream().filter(o -> !o.refused()).count(), outcomes.size());
        dispatcher.wake(); // once for the page
        return outcomes;
    }

    @Override
    public Optional<Message> find(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(MessageEntity.class, id)).map(MessageEntity::toMessage));
    }

    @Override
    public Optional<Message> find(long id, InboundReader reader) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(MessageEntity.class, id))
                .filter(m -> keepers.reads(reader, m.keeper, m.label)).map(MessageEntity::toMessage));
    }

    @Override
    public List<Message> log(Long contactId, MessageStatus status, int offset, int limit) {
        return log(contactId, status, null, offset, limit);
    }

    @Override
    public List<Message> log(Long contactId, MessageStatus status, InboundReader reader, int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit is from 1 to " + MAX_PAGE + ", not " + limit);
        }
        return Transactions.read(emf, em -> filtered(em, "select m", contactId, status, reader, " order by m.id desc",
                MessageEntity.class).setFirstResult(offset).setMaxResults(limit).getResultStream()
                .map(MessageEntity::toMessage).toList());
    }

    @Override
    public long count(Long contactId, MessageStatus status) {
        return count(contactId, status, null);
    }

    @Override
    public long count(Long contactId, MessageStatus status, InboundReader reader) {
        return Transactions.read(emf, em -> filtered(em, "select count(m)", contactId, status, reader, "", Long.class)
                .getSingleResult());
    }

    /** A query of the log: of one contact and status, or all; of what {@code reader} reads, or everything when null. */
    private <T> TypedQuery<T> filtered(EntityManager em, String select, Long contactId, MessageStatus status,
            InboundReader reader, String order, Class<T> type) {
        StringBuilder jpql = new StringBuilder(select).append(" from MessageEntity m where 1 = 1");
        if (contactId != null) {
            jpql.append(" and m.contactId = :contact");
        }
        if (status != null) {
            jpql.append(" and m.status = :status");
        }
        InboundKeepers.Condition kept = reader == null ? null : keepers.condition(reader, "m");
        if (kept != null) {
            jpql.append(" and ").append(kept.jpql());
        }
        TypedQuery<T> query = em.createQuery(jpql.append(order).toString(), type);
        if (contactId != null) {
            query.setParameter("contact", contactId);
        }
        if (status != null) {
            query.setParameter("status", status);
        }
        if (kept != null) {
            kept.parameters().forEach(query::setParameter);
        }
        return query;
    }

    @Override
    public void file(Collection<Long> messageIds, String keeper, String label) {
        InboundKeepers.file(emf, "MessageEntity", messageIds, new InboundKeepers.Filing(keeper, label));
    }

    /**
     * A contact's messages for an export by {@code reader}, newest first as the complete export lists
     * them: each message they read, and for each other only its id and who keeps it ({@code {"id", "kept"}}).
     */
    List<Object> exported(long contactId, InboundReader reader) {
        return Transactions.read(emf, em -> em.createQuery("select m from MessageEntity m where m.contactId = :c "
                + "order by m.id desc", MessageEntity.class).setParameter("c", contactId).getResultStream()
                .map(m -> keepers.reads(reader, m.keeper, m.label) ? (Object) m.toMessage()
                        : InboundKeepers.kept(m.id, m.keeper))
                .toList());
    }

    @Override
    public Message retry(long id, String requester) {
        Message message = Transactions.inTransaction(emf, em -> {
            MessageEntity m = em.find(MessageEntity.class, id);
            if (m == null) {
                throw new IllegalArgumentException("message " + id + " does not exist");
            }
            if (m.status != MessageStatus.FAILED) {
                throw new IllegalStateException("message " + id + " is " + m.status.name().toLowerCase(Locale.ROOT)
                        + "; only a failed message can be retried");
            }
            m.status = MessageStatus.RETRYING;
            m.nextAttemptAt = clock.instant();
            return m.toMessage();
        });
        LOG.info("Message {} put back in the queue by {} after {} attempt(s)", id, requester, message.attempts());
        dispatcher.wake();
        return message;
    }

    @Override
    public List<ChannelInfo> channels() {
        Map<String, MessageChannel> registered = channels.all();
        Map<String, long[]> counts = new TreeMap<>();
        registered.keySet().forEach(name -> counts.put(name, new long[3]));
        List<Object[]> rows = Transactions.read(emf, em -> em.createQuery(
                "select m.channel, m.status, count(m) from MessageEntity m group by m.channel, m.status", Object[].class)
                .getResultList());
        for (Object[] row : rows) {
            long[] c = counts.computeIfAbsent((String) row[0], name -> new long[3]);
            MessageStatus status = (MessageStatus) row[1];
            long n = ((Number) row[2]).longValue();
            if (status == MessageStatus.QUEUED || status == MessageStatus.RETRYING) {
                c[0] += n;
            } else if (status == MessageStatus.SENT) {
                c[1] += n;
            } else if (status == MessageStatus.FAILED) {
                c[2] += n;
            }
        }
        List<ChannelInfo> infos = new ArrayList<>();
        counts.forEach((name, c) -> {
            MessageChannel channel = registered.get(name);
            // An answer clears a channel's record: faults in a row and the last one.
            Optional<PluginState> record = dispatcher.guard().state(name)
                    .filter(s -> s.faultsInARow() > 0 || s.suspended());
            infos.add(new ChannelInfo(name, channel == null ? null : channel.medium(), channel != null, c[0], c[1], c[2],
                    record.map(PluginState::suspended).orElse(false), record.map(PluginState::faultsInARow).orElse(0),
                    record.map(PluginState::lastFault).orElse(null)));
        });
        return infos;
    }

    @Override
    public boolean resumeChannel(String name, String requester) {
        if (!dispatcher.guard().resume(name, requester)) {
            return false;
        }
        dispatcher.wake();
        return true;
    }

    @Override
    public Template saveTemplate(Template template) {
        return templates.save(template);
    }

    @Override
    public List<Template> templates() {
        return templates.all();
    }

    @Override
    public Optional<Template> template(String code, String language) {
        return templates.find(code, language);
    }

    @Override
    public boolean deleteTemplate(String code, String language) {
        return templates.delete(code, language);
    }
}

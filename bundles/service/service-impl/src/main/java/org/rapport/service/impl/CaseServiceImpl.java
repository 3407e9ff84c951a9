package org.rapport.service.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.communication.api.InboundService;
import org.rapport.communication.api.MessageAttachment;
import org.rapport.communication.api.MessageService;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.TierStanding;
import org.rapport.persistence.Transactions;
import org.rapport.retention.api.RetentionService;
import org.rapport.rest.security.UserService;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CasePriority;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseService;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.Escalation;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.QueueFigures;
import org.rapport.service.api.ServiceCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service desk: cases are opened with the customer's message and their targets from the
 * {@code service} rules in one transaction, then worked through the moves their status allows;
 * every entry goes on the contact's timeline ({@link CaseTimeline}). The SLA check is
 * {@link TargetCheck}'s, the figures {@link QueueFigureCount}'s, a closed case's satisfaction
 * survey {@link Surveys}'.
 */
@Component(service = {CaseService.class, CaseServiceImpl.class}, configurationPid = ServiceConfig.PID)
@Designate(ocd = ServiceConfig.class)
public class CaseServiceImpl implements CaseService {

    private static final Logger LOG = LoggerFactory.getLogger(CaseServiceImpl.class);

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final Clock clock;
    private final InteractionService interactions;
    private final RulesEngine rules;
    private final DecisionLedger ledger;
    private final SurveyFeedback feedback;
    private final CaseFiling filing = new CaseFiling();
    private final Notices notices = new Notices(() -> this.events);
    // What the settings make: replaced when they change ({@link #modified}), the service staying registered.
    private volatile List<String> queues;
    private volatile QueueAccess access;
    private volatile int maxText;
    private volatile SlaTargets targets;
    private volatile SlaClock sla;
    private volatile CaseTimeline timeline;
    private volatile TargetCheck check;
    private volatile CaseReplies replies;
    private volatile boolean openFromInbound;
    private volatile Surveys surveys;
    /** The outbox bound, handed to the replies and surveys made from new settings. */
    private MessageService outbox;

    /** Assignees are checked against the users when the user directory is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserService users;

    /** A customer's loyalty tier is a fact of the SLA rules while loyalty is installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoyaltyService loyalty;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public CaseServiceImpl(@Reference(target = "(osgi.unit.name=rapport-service)") EntityManagerFactory emf,
            @Reference ContactService contacts, @Reference InteractionService interactions,
            @Reference RulesEngine rules, @Reference DecisionLedger ledger, ServiceConfig config) {
        this(emf, contacts, interactions, rules, ledger, config, Clock.systemUTC());
    }

    public CaseServiceImpl(EntityManagerFactory emf, ContactService contacts, InteractionService interactions,
            RulesEngine rules, DecisionLedger ledger, ServiceConfig config, Clock clock) {
        this.emf = emf;
        this.contacts = contacts;
        this.clock = clock;
        this.interactions = interactions;
        this.rules = rules;
        this.ledger = ledger;
        // The queues kept from others as the settings say now.
        this.feedback = new SurveyFeedback(interactions, queue -> access.restricted(queue));
        apply(config);
    }

    /**
     * New settings while running: taken up without stopping the service, which the cases' REST resources
     * and the rest of the service desk hold. A bad value is refused, naming its key, and the previous
     * settings go on.
     */
    @Modified
    synchronized void modified(ServiceConfig config) {
        try {
            apply(config);
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", ServiceConfig.PID,
                    refused.getMessage());
        }
    }

    /** Makes everything from the settings first, then swaps it in: a bad value changes nothing. */
    private synchronized void apply(ServiceConfig config) {
        List<String> newQueues = CaseInput.queues(config.queues());
        QueueAccess newAccess = QueueAccess.of(config.queueAccess(), newQueues);
        BusinessHours hours = BusinessHours.of(config);
        SlaTargets newTargets = new SlaTargets(rules, ledger, hours);
        TargetCheck newCheck = new TargetCheck(emf, new Notices(() -> events), config.warningFraction(), clock);
        CaseReplies newReplies = new CaseReplies(emf, config, clock);
        Surveys newSurveys = new Surveys(emf, config, feedback, clock);
        if (outbox != null) {
            newReplies.bind(outbox);
            newSurveys.bind(outbox);
        }
        this.queues = newQueues;
        this.access = newAccess;
        this.maxText = Math.max(1, Math.min(config.maxTextLength(), 10000));
        this.targets = newTargets;
        this.sla = new SlaClock(hours);
        this.timeline = new CaseTimeline(interactions, newAccess::restricted);
        this.check = newCheck;
        this.replies = newReplies;
        this.openFromInbound = config.openCasesFromInbound();
        this.surveys = newSurveys;
        // Entries on the timeline from before (or from before the queue was restricted) lose their words, once.
        timeline.keepStored(emf, newAccess.restrictedQueues(), now());
    }

    /** Replies leave through communication's outbox while it is installed; until then they are recorded only. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindMessages(MessageService outbox) {
        this.outbox = outbox;
        replies.bind(outbox);
        surveys.bind(outbox);
        filing.bind(outbox, emf);
    }

    synchronized void unbindMessages(MessageService outbox) {
        if (this.outbox == outbox) {
            this.outbox = null;
        }
        replies.unbind(outbox);
        surveys.unbind(outbox);
        filing.unbind(outbox);
    }

    /** Messages on cases are filed under their queues in communication's inbound log while it is installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindInbound(InboundService inbound) {
        filing.bind(inbound, emf);
    }

    void unbindInbound(InboundService inbound) {
        filing.unbind(inbound);
    }

    /** Survey answers go into retention's feedback while it is installed; until then onto the timeline only. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindRetention(RetentionService retention) {
        feedback.bind(retention);
    }

    void unbindRetention(RetentionService retention) {
        feedback.unbind(retention);
    }

    CaseReplies replies() {
        return replies;
    }

    Surveys surveys() {
        return surveys;
    }

    QueueAccess access() {
        return access;
    }

    /** The email address of contact {@code contactId}, if it has one. */
    Optional<String> email(long contactId) {
        return contacts.find(contactId).map(c -> c.email()).filter(e -> e != null && !e.isBlank());
    }

    int maxText() {
        return maxText;
    }

    boolean opensFromInbound() {
        return openFromInbound;
    }

    /** The user directory, loyalty and Event Admin, for tests outside a container. */
    void bind(UserService directory, LoyaltyService tiers, EventAdmin admin) {
        this.users = directory;
        this.loyalty = tiers;
        this.events = admin;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public ServiceCase open(NewCase newCase, String actor) {
        return open(newCase, actor, null, List.of());
    }

    /**
     * Opens a case whose first message came in as inbound message {@code inboundId} (or null), with
     * its {@code files} (already sorted, {@link CaseAttachments#sort}) written in the same transaction.
     */
    ServiceCase open(NewCase newCase, String actor, Long inboundId, List<MessageAttachment> files) {
        return open(newCase, actor, Set.of(), inboundId, files);
    }

    /**
     * Opens a case for a caller who may not see the {@code hidden} queues: one of them is refused as a
     * queue that does not exist, and the refusal names only the queues the caller sees.
     */
    ServiceCase open(NewCase newCase, String actor, Set<String> hidden, Long inboundId, List<MessageAttachment> files) {
        if (newCase == null) {
            throw CaseValidationException.of("body", "a case: subject, contactId, message, ...");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String subject = CaseInput.subject(newCase.subject(), errors);
        if (newCase.contactId() == null) {
            errors.put("contactId", "is required");
        } else if (contacts.find(newCase.contactId()).isEmpty()) {
            errors.put("contactId", "there is no contact " + newCase.contactId());
        }
        String channel = CaseInput.channel(newCase.channel(), errors);
        CasePriority priority = CaseInput.priority(newCase.priority(), errors);
        String queue = CaseInput.queue(newCase.queue(), queues(hidden), errors);
        String assignee = CaseInput.assignee(newCase.assignee(), users, errors);
        String message = CaseInput.text("message", newCase.message(), maxText, errors);
        access.assignable(assignee, users, queue, errors);
        if (!errors.isEmpty()) {
            throw new CaseValidationException(errors);
        }
        String tier = tier(newCase.contactId());
        CasePriority p = priority;
        Instant now = now();
        if (inboundId != null) {
            filing.file(inboundId, queue);
        }
        Written written = Transactions.inTransaction(emf, em -> {
            CaseEntity c = new CaseEntity(now, actor);
            c.subject = subject;
            c.contactId = newCase.contactId();
            c.channel = channel;
            c.priority = p.name();
            c.queue = queue;
            c.assignee = assignee;
            c.tier = tier;
            if (assignee != null) {
                c.status = CaseStatus.OPEN.name();
            }
            em.persist(c);
            em.flush();
            targets.apply(em, c);
            CaseEntry first = CaseEntryEntity.write(em, c, EntryKind.MESSAGE, actor, message, now, inboundId);
            CaseAttachments.persist(em, c.id, first.id(), files, now);
            return new Written(c, first);
        });
        timeline.record(written.c(), written.entry(), true);
        return written.c().toCase();
    }

    /** A case and the entry just written to it. */
    private record Written(CaseEntity c, CaseEntry entry) {
    }

    private String tier(long contactId) {
        LoyaltyService members = loyalty;
        if (members == null) {
            return null;
        }
        TierStanding standing = members.tiers(List.of(contactId)).get(contactId);
        return standing == null ? null : standing.tier();
    }

    @Override
    public Optional<ServiceCase> find(long caseId) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(CaseEntity.class, caseId)).map(CaseEntity::toCase));
    }

    @Override
    public List<CaseEntry> thread(long caseId) {
        return Transactions.read(emf, em -> em.createQuery("select e from CaseEntryEntity e where e.caseId = :id "
                + "order by e.id", CaseEntryEntity.class).setParameter("id", caseId).getResultList().stream()
                .map(CaseEntryEntity::toEntry).toList());
    }

    @Override
    public List<ServiceCase> list(CaseQuery query, int offset, int limit) {
        return list(query, Set.of(), offset, limit);
    }

    /** The cases matching the query but those in the {@code hidden} queues, newest first. */
    List<ServiceCase> list(CaseQuery query, Set<String> hidden, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 500) {
            throw CaseValidationException.of("limit", "offset 0 or more and limit from 1 to 500");
        }
        return Transactions.read(emf, em -> CaseEntity.query(em, "select c", query, hidden, " order by c.id desc",
                CaseEntity.class).setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(CaseEntity::toCase).toList());
    }

    @Override
    public long count(CaseQuery query) {
        return count(query, Set.of());
    }

    long count(CaseQuery query, Set<String> hidden) {
        return Transactions.read(emf, em -> CaseEntity.query(em, "select count(c)", query, hidden, "", Long.class)
                .getSingleResult());
    }

    @Override
    public List<String> queues() {
        return queues;
    }

    /** The configured queues but the {@code hidden} ones, in their order. */
    List<String> queues(Set<String> hidden) {
        return queues.stream().filter(q -> !hidden.contains(q)).toList();
    }

    @Override
    public CaseEntry message(long caseId, String text, String actor) {
        return write(caseId, EntryKind.MESSAGE, CaseInput.text("text", text, maxText), actor, null).entry();
    }

    /** An agent's reply: recorded, then sent through the case's channel ({@link CaseReplies}). */
    @Override
    public CaseEntry reply(long caseId, String text, String actor) {
        return reply(caseId, text, List.of(), actor);
    }

    /**
     * A reply carrying {@code files}, already checked ({@link CaseAttachments#checked}): they are
     * kept with the reply's entry in its transaction, before the message is queued, and leave with
     * it where its channel carries files.
     */
    public CaseEntry reply(long caseId, String text, List<MessageAttachment> files, String actor) {
        Written written = write(caseId, EntryKind.REPLY, CaseInput.text("text", text, maxText), actor, null, files);
        return replies.send(written.c(), written.entry(), actor, files);
    }

    @Override
    public CaseEntry note(long caseId, String text, String actor) {
        return write(caseId, EntryKind.NOTE, CaseInput.text("text", text, maxText), actor, null).entry();
    }

    /**
     * A customer's message or a note written from inbound message {@code inboundId} with its
     * {@code files} (already sorted, {@link CaseAttachments#sort}) in one transaction, refused naming
     * {@code inboundId} when that message is on a case already.
     */
    CaseEntry fromInbound(long caseId, EntryKind kind, String text, String actor, long inboundId,
            List<MessageAttachment> files) {
        return write(caseId, kind, CaseInput.text("text", text, maxText), actor, inboundId, files).entry();
    }

    /** The case inbound message {@code inboundId} is on, if it is on one. */
    Optional<Long> caseOfInbound(long inboundId) {
        return Transactions.read(emf, em -> em.createQuery("select e.caseId from CaseEntryEntity e where e.inboundId = :id",
                Long.class).setParameter("id", inboundId).getResultList().stream().findFirst());
    }

    /**
     * Refuses {@code newCase} as {@link #open} would, but for its contact (not chosen yet), before
     * anything is written: every field at fault named at once, a queue in {@code hidden} as no queue.
     */
    void check(NewCase newCase, Set<String> hidden) {
        Map<String, String> errors = new LinkedHashMap<>();
        CaseInput.subject(newCase.subject(), errors);
        CaseInput.channel(newCase.channel(), errors);
        CaseInput.priority(newCase.priority(), errors);
        String queue = CaseInput.queue(newCase.queue(), queues(hidden), errors);
        String assignee = CaseInput.assignee(newCase.assignee(), users, errors);
        CaseInput.text("message", newCase.message(), maxText, errors);
        access.assignable(assignee, users, queue, errors);
        if (!errors.isEmpty()) {
            throw new CaseValidationException(errors);
        }
    }

    /** Those of inbound messages {@code inboundIds} (at most 500) that are on a case. */
    Set<Long> threaded(Collection<Long> inboundIds) {
        if (inboundIds.isEmpty()) {
            return Set.of();
        }
        return Transactions.read(emf, em -> Set.copyOf(em.createQuery("select e.inboundId from CaseEntryEntity e "
                + "where e.inboundId in :ids", Long.class).setParameter("ids", inboundIds).getResultList()));
    }

    /** Whether inbound message {@code inboundId} is on a case already. */
    boolean threaded(long inboundId) {
        return Transactions.read(emf, em -> CaseEntryEntity.threaded(em, inboundId));
    }

    private Written write(long caseId, EntryKind kind, String text, String actor, Long inboundId) {
        return write(caseId, kind, text, actor, inboundId, List.of());
    }

    private Written write(long caseId, EntryKind kind, String text, String actor, Long inboundId,
            List<MessageAttachment> files) {
        Instant now = now();
        Written written = Transactions.inTransaction(emf, em -> {
            CaseEntity c = CaseEntity.locked(em, caseId);
            if (inboundId != null && CaseEntryEntity.threaded(em, inboundId)) {
                throw CaseValidationException.of("inboundId", "inbound message " + inboundId + " is on a case already");
            }
            if (inboundId != null) {
                filing.file(inboundId, c.queue);
            }
            CaseStatus status = c.status();
            if (status == CaseStatus.CLOSED && kind != EntryKind.NOTE) {
                throw CaseValidationException.of("status", "case " + caseId + " is closed; only a note may be added "
                        + "(a new request is a new case)");
            }
            if (kind == EntryKind.REPLY) {
                if (c.firstResponseAt == null) {
                    c.firstResponseAt = now;
                }
                if (status == CaseStatus.NEW) {
                    c.status = CaseStatus.OPEN.name();
                }
            } else if (kind == EntryKind.MESSAGE && (status == CaseStatus.PENDING || status == CaseStatus.RESOLVED)) {
                c.status = CaseStatus.OPEN.name();
                c.resolvedAt = null;
                sla.moved(c, status, now);
            }
            CaseEntry entry = CaseEntryEntity.write(em, c, kind, actor, text, now, inboundId);
            CaseAttachments.persist(em, c.id, entry.id(), files, now);
            return new Written(c, entry);
        });
        timeline.record(written.c(), written.entry(), false);
        return written;
    }

    @Override
    public ServiceCase assign(long caseId, String assignee, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = CaseInput.assignee(assignee, users, errors);
        if (!errors.isEmpty()) {
            throw new CaseValidationException(errors);
        }
        Instant now = now();
        return Transactions.inTransaction(emf, em -> {
            CaseEntity c = CaseEntity.locked(em, caseId);
            if (c.status() == CaseStatus.CLOSED) {
                throw CaseValidationException.of("status", "case " + caseId + " is closed; a closed case is not assigned");
            }
            access.requireAssignable(name, users, c.queue);
            String before = c.assignee;
            c.assignee = name;
            if (c.status() == CaseStatus.NEW && name != null) {
                c.status = CaseStatus.OPEN.name();
            }
            CaseEntryEntity.write(em, c, EntryKind.CHANGE, actor, "assignee: " + (before == null ? "(nobody)" : before) + " -> "
                    + (name == null ? "(nobody)" : name), now, null);
            return c.toCase();
        });
    }

    @Override
    public ServiceCase move(long caseId, String queue, String actor) {
        return move(caseId, queue, actor, Set.of());
    }

    /**
     * Moves a case for a caller who may not see the {@code hidden} queues: one of them is refused as a
     * queue that does not exist, and the refusal names only the queues the caller sees.
     */
    ServiceCase move(long caseId, String queue, String actor, Set<String> hidden) {
        List<String> seen = queues(hidden);
        Map<String, String> errors = new LinkedHashMap<>();
        String to = queue == null || queue.isBlank() ? null : CaseInput.queue(queue, seen, errors);
        if (to == null) {
            errors.putIfAbsent("queue", "is required: " + CaseInput.choice(seen));
        }
        if (!errors.isEmpty()) {
            throw new CaseValidationException(errors);
        }
        Instant now = now();
        String[] from = new String[1];
        CaseEntity moved = Transactions.inTransaction(emf, em -> {
            CaseEntity c = CaseEntity.locked(em, caseId);
            from[0] = c.queue;
            if (to.equals(c.queue)) {
                return c;
            }
            if (c.status() == CaseStatus.CLOSED) {
                throw CaseValidationException.of("status", "case " + caseId + " is closed; a closed case stays in its queue");
            }
            access.requireAssignable(c.assignee, users, to);
            c.queue = to;
            String targetsSaid = targets.requeued(em, c, from[0]);
            CaseEntryEntity.write(em, c, EntryKind.CHANGE, actor, "queue: " + from[0] + " -> " + to + targetsSaid, now, null);
            return c;
        });
        if (!to.equals(from[0])) {
            filing.refile(emf, caseId, to);
            if (access.restricted(to) && !access.restricted(from[0])) {
                timeline.keepMoved(emf, caseId);
            }
            notices.moved(moved, from[0], actor);
        }
        return moved.toCase();
    }

    @Override
    public ServiceCase transition(long caseId, CaseStatus status, String actor) {
        if (status == null) {
            throw CaseValidationException.of("status", "is required: one of open, pending, resolved, closed");
        }
        Instant now = now();
        CaseEntity moved = Transactions.inTransaction(emf, em -> {
            CaseEntity c = CaseEntity.locked(em, caseId);
            CaseStatus from = c.status();
            Set<CaseStatus> allowed = from.next();
            if (!allowed.contains(status)) {
                throw CaseValidationException.of("status", "case " + caseId + " is " + from.label() + " and cannot become "
                        + status.label() + (allowed.isEmpty() ? "; a closed case is final" : "; it can become "
                        + String.join(", ", allowed.stream().map(CaseStatus::label).toList())));
            }
            c.status = status.name();
            if (status == CaseStatus.RESOLVED || status == CaseStatus.CLOSED && c.resolvedAt == null) {
                c.resolvedAt = now;
            }
            if (status == CaseStatus.CLOSED) {
                c.closedAt = now;
            } else if (status == CaseStatus.OPEN && from == CaseStatus.RESOLVED) {
                c.resolvedAt = null;
            }
            sla.moved(c, from, now);
            CaseEntryEntity.write(em, c, EntryKind.CHANGE, actor, "status: " + from.label() + " -> " + status.label(), now, null);
            return c;
        });
        if (status == CaseStatus.CLOSED) {
            surveys.closed(moved, actor);
        }
        return moved.toCase();
    }

    @Override
    public List<Escalation> checkTargets() {
        return check.run();
    }

    @Override
    public List<QueueFigures> figures(Instant from, Instant to) {
        return QueueFigureCount.count(emf, queues, from, to);
    }
}

package org.rapport.retention.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.SendRequest;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.retention.api.Episode;
import org.rapport.retention.api.EpisodeOutcome;
import org.rapport.retention.api.Feedback;
import org.rapport.retention.api.FeedbackKind;
import org.rapport.retention.api.KpiRow;
import org.rapport.retention.api.NewFeedback;
import org.rapport.retention.api.RetentionService;
import org.rapport.retention.api.Task;
import org.rapport.retention.api.TaskStatus;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.RulesUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: folds every recorded touchpoint into the customer's profile, evaluates customers
 * with the {@code retention} rules and applies what they decide. An episode opens when a rule
 * raises a trigger that is not open for the customer already, with the task, offer and message
 * the rules decide for it; it closes when an evaluation no longer raises it (won back when the
 * customer bought since it opened).
 */
@Component(service = {RetentionService.class, RetentionServiceImpl.class, EventHandler.class},
        configurationPid = RetentionConfig.PID, property = EventConstants.EVENT_TOPIC + "=" + InteractionEvents.RECORDED)
@Designate(ocd = RetentionConfig.class)
public class RetentionServiceImpl implements RetentionService, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionServiceImpl.class);
    private static final Set<String> RISKS = Set.of("low", "medium", "high");
    /** The payload key of a feedback interaction recorded here, already folded into the profile. */
    static final String FEEDBACK_ID = "feedbackId";

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger ledger;
    private final ContactService contacts;
    private final InteractionService interactions;
    private final LoyaltyService loyalty;
    private final MessageService messages;
    private final ConsentGate gate;
    private final Clock clock;
    private final boolean evaluateOnEvents;
    private final String profilingPurpose;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    /** What one application of decisions did. */
    record Applied(List<Episode> opened, int closed) {
    }

    /** An action to take once the episode it belongs to is committed. */
    private record Action(EpisodeEntity episode, Decision decision) {
    }

    @Activate
    public RetentionServiceImpl(@Reference(target = "(osgi.unit.name=rapport-retention)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger ledger, @Reference ContactService contacts,
            @Reference InteractionService interactions, @Reference LoyaltyService loyalty,
            @Reference MessageService messages, @Reference ConsentGate gate, RetentionConfig config) {
        this(emf, rules, ledger, contacts, interactions, loyalty, messages, gate, Clock.systemUTC(),
                config.evaluateOnEvents(), config.profilingPurpose());
    }

    /** @param profilingPurpose the consent purpose a customer needs to be evaluated, or blank for none */
    RetentionServiceImpl(EntityManagerFactory emf, RulesEngine rules, DecisionLedger ledger, ContactService contacts,
            InteractionService interactions, LoyaltyService loyalty, MessageService messages, ConsentGate gate,
            Clock clock, boolean evaluateOnEvents, String profilingPurpose) {
        this.emf = emf;
        this.rules = rules;
        this.ledger = ledger;
        this.contacts = contacts;
        this.interactions = interactions;
        this.loyalty = loyalty;
        this.messages = messages;
        this.gate = gate;
        this.clock = clock;
        this.evaluateOnEvents = evaluateOnEvents;
        this.profilingPurpose = profilingPurpose == null || profilingPurpose.isBlank() ? null : profilingPurpose.strip();
    }

    // ---- touchpoints

    @Override
    public void handleEvent(Event event) {
        try {
            Touch touch = touch(event);
            if (touch != null) {
                touched(touch);
            }
        } catch (RuntimeException e) {
            LOG.warn("Interaction {} of contact {} could not be folded into retention's profile: {}",
                    event.getProperty(InteractionEvents.INTERACTION_ID), event.getProperty(InteractionEvents.CONTACT_ID),
                    e.toString());
        }
    }

    private static Touch touch(Event event) {
        Map<String, String> payload = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            if (name.startsWith(InteractionEvents.PAYLOAD_PREFIX)) {
                payload.put(name.substring(InteractionEvents.PAYLOAD_PREFIX.length()), String.valueOf(event.getProperty(name)));
            }
        }
        if (payload.containsKey(FEEDBACK_ID)) {
            return null; // recorded by recordFeedback, which folded it in already
        }
        Object contact = event.getProperty(InteractionEvents.CONTACT_ID);
        return new Touch(((Number) contact).longValue(), String.valueOf(event.getProperty(InteractionEvents.DIRECTION)),
                String.valueOf(event.getProperty(InteractionEvents.TYPE)),
                Instant.parse(String.valueOf(event.getProperty(InteractionEvents.OCCURRED_AT))), payload);
    }

    /** Folds a touchpoint into the customer's profile and, when it matters, evaluates the customer. */
    void touched(Touch touch) {
        Transactions.retrying(emf, 5, em -> {
            Profiles.record(em, touch, clock.instant());
            return null;
        });
        if (evaluateOnEvents && touch.worthEvaluating()) {
            evaluate(touch.contactId(), "retention (" + touch.type() + ")");
        }
    }

    @Override
    public int rebuild(long contactId) {
        List<Touch> touches = new ArrayList<>();
        for (int offset = 0;; offset += InteractionService.MAX_PAGE) {
            List<Interaction> page = interactions.timeline(contactId, Set.of(), offset, InteractionService.MAX_PAGE);
            for (Interaction i : page) {
                touches.add(new Touch(contactId, i.direction().name().toLowerCase(Locale.ROOT), i.type(), i.occurredAt(),
                        i.payload()));
            }
            if (page.size() < InteractionService.MAX_PAGE) {
                break;
            }
        }
        Collections.reverse(touches); // oldest first, as they happened
        Transactions.retrying(emf, 3, em -> {
            ProfileEntity before = em.find(ProfileEntity.class, contactId, LockModeType.PESSIMISTIC_WRITE);
            em.createQuery("delete from MonthEntity m where m.contactId = :c").setParameter("c", contactId).executeUpdate();
            if (before != null) {
                em.remove(before);
                em.flush();
            }
            Instant now = clock.instant();
            for (Touch touch : touches) {
                Profiles.record(em, touch, now);
            }
            return null;
        });
        return touches.size();
    }

    // ---- evaluation

    @Override
    public Optional<CustomerActivity> activity(long contactId) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ProfileEntity.class, contactId))
                .map(p -> CustomerActivities.of(em, List.of(p), clock.instant(), loyalty::tiers).get(0)));
    }

    @Override
    public List<Episode> evaluate(long contactId, String requester) {
        Optional<CustomerActivity> activity = activity(contactId);
        if (activity.isEmpty()) {
            return List.of();
        }
        return evaluateAll(List.of(activity.get()), requester).opened();
    }

    /**
     * Evaluates customers in one go and applies what the rules decide; nothing when no rules are
     * active. With a profiling purpose configured, only the customers the consent gate allows it
     * for are evaluated; the others' episodes stay as they are.
     */
    Applied evaluateAll(List<CustomerActivity> all, String requester) {
        List<CustomerActivity> activities = profilingPurpose == null ? all : all.stream().filter(a -> gate.check(
                a.getContactId(), profilingPurpose, null, "retention evaluation", requester).allowed()).toList();
        if (activities.isEmpty()) {
            return new Applied(List.of(), 0);
        }
        List<Decision> decisions;
        try {
            decisions = rules.evaluate(RetentionDecisions.RULE_PACKAGE, activities).decisions();
        } catch (RulesUnavailableException e) {
            LOG.debug("No retention rules are active; {} customer(s) not evaluated", activities.size());
            return new Applied(List.of(), 0);
        }
        return apply(activities, decisions, requester);
    }

    /** Reads the profiles of a page of customers, for the sweep. */
    List<CustomerActivity> activitiesAfter(long lastContactId, int pageSize) {
        return Transactions.read(emf, em -> CustomerActivities.of(em, em.createQuery(
                "select p from ProfileEntity p where p.contactId > :last order by p.contactId", ProfileEntity.class)
                .setParameter("last", lastContactId).setMaxResults(pageSize).getResultList(), clock.instant(),
                loyalty::tiers));
    }

    long customers() {
        return Transactions.read(emf, em -> em.createQuery("select count(p) from ProfileEntity p", Long.class)
                .getSingleResult());
    }

    private Applied apply(List<CustomerActivity> activities, List<Decision> decisions, String requester) {
        Map<String, List<Decision>> bySubject = new HashMap<>();
        for (Decision d : decisions) {
            bySubject.computeIfAbsent(d.subject(), k -> new ArrayList<>()).add(d);
        }
        List<Action> actions = new ArrayList<>();
        Applied applied = Transactions.retrying(emf, 3, em -> {
            actions.clear();
            List<Episode> opened = new ArrayList<>();
            int closed = 0;
            Instant now = clock.instant();
            for (CustomerActivity activity : activities) {
                List<Decision> about = bySubject.getOrDefault(Long.toString(activity.getContactId()), List.of());
                closed += applyTo(em, activity, about, now, opened, actions);
            }
            return new Applied(opened, closed);
        });
        for (Action action : actions) {
            act(action, requester);
        }
        if (!applied.opened().isEmpty() || applied.closed() > 0) {
            LOG.info("Retention: {} episode(s) opened, {} closed, evaluating {} customer(s) for {}", applied.opened().size(),
                    applied.closed(), activities.size(), requester);
        }
        return applied;
    }

    /** Applies one customer's decisions; returns how many episodes it closed. */
    private int applyTo(EntityManager em, CustomerActivity activity, List<Decision> decisions, Instant now,
            List<Episode> opened, List<Action> actions) {
        long contactId = activity.getContactId();
        // The profile's lock makes evaluations of one customer (a sweep, an event) take turns.
        ProfileEntity profile = em.find(ProfileEntity.class, contactId, LockModeType.PESSIMISTIC_WRITE);
        if (profile != null) {
            profile.tier = activity.getTier();
        }
        Map<String, EpisodeEntity> open = new HashMap<>();
        for (EpisodeEntity e : em.createQuery("select e from EpisodeEntity e where e.contactId = :c and e.outcome = :open",
                EpisodeEntity.class).setParameter("c", contactId).setParameter("open", EpisodeOutcome.OPEN).getResultList()) {
            open.put(e.trigger, e);
        }
        Map<String, EpisodeEntity> raised = new LinkedHashMap<>();
        Map<String, EpisodeEntity> newlyOpened = new HashMap<>();
        List<Decision> recorded = new ArrayList<>();
        for (Decision d : decisions) {
            if (!d.type().equals(RetentionDecisions.AT_RISK)) {
                continue;
            }
            String trigger = trigger(d);
            if (raised.containsKey(trigger)) {
                continue;
            }
            EpisodeEntity episode = open.get(trigger);
            if (episode == null) {
                String risk = String.valueOf(d.attribute(RetentionDecisions.RISK)).toLowerCase(Locale.ROOT);
                episode = new EpisodeEntity(contactId, trigger, RISKS.contains(risk) ? risk : "medium",
                        d.attribute(RetentionDecisions.REASON) == null ? null
                                : Columns.clip(d.attribute(RetentionDecisions.REASON), 500),
                        Columns.clip(d.rule(), 200), d.rulePackage() + " v" + d.release(), activity.getTier(), now);
                em.persist(episode);
                newlyOpened.put(trigger, episode);
                recorded.add(d);
            }
            raised.put(trigger, episode);
        }
        int closed = 0;
        for (EpisodeEntity e : open.values()) {
            if (!raised.containsKey(e.trigger)) {
                e.closedAt = now;
                boolean bought = profile != null && profile.lastPurchaseAt != null && profile.lastPurchaseAt.isAfter(e.openedAt);
                e.outcome = bought ? EpisodeOutcome.WON_BACK : EpisodeOutcome.RESOLVED;
                em.createQuery("update TaskEntity t set t.status = :cancelled, t.closedAt = :now, t.note = :note "
                        + "where t.episodeId = :e and t.status = :open").setParameter("cancelled", TaskStatus.CANCELLED)
                        .setParameter("now", now).setParameter("note", "episode closed: " + (bought ? "won back" : "resolved"))
                        .setParameter("e", e.id).setParameter("open", TaskStatus.OPEN).executeUpdate();
                closed++;
            }
        }
        if (!newlyOpened.isEmpty()) {
            em.flush(); // the new episodes' ids, for their tasks and actions
        }
        for (Decision d : decisions) {
            EpisodeEntity episode = d.type().equals(RetentionDecisions.AT_RISK) ? null : newlyOpened.get(trigger(d));
            if (episode == null) {
                continue; // an action for a trigger that did not open now: taken when its episode opened
            }
            if (d.type().equals(RetentionDecisions.TASK)) {
                int dueDays = number(d.attribute(RetentionDecisions.DUE_DAYS), 3);
                em.persist(new TaskEntity(episode.id, contactId, Columns.clip(orElse(d.attribute(RetentionDecisions.TITLE),
                        "Contact customer at risk (" + episode.trigger + ")"), 300),
                        Columns.clip(orElse(d.attribute(RetentionDecisions.QUEUE), "retention"), 60),
                        now.plus(Duration.ofDays(dueDays)), Columns.clip(d.rule(), 200), now));
                actions.add(new Action(episode, d)); // on the timeline once committed
                recorded.add(d);
            } else if (d.type().equals(RetentionDecisions.OFFER) || d.type().equals(RetentionDecisions.MESSAGE)) {
                actions.add(new Action(episode, d));
                recorded.add(d);
            }
        }
        for (EpisodeEntity e : newlyOpened.values()) {
            opened.add(e.toEpisode());
        }
        if (!recorded.isEmpty()) {
            ledger.record(em, recorded, activity.toString());
        }
        return closed;
    }

    /**
     * Takes an offer or message decided for a newly opened episode (each keyed by the episode, so
     * it happens once) and puts every action, tasks included, on the customer's timeline.
     */
    private void act(Action action, String requester) {
        EpisodeEntity e = action.episode();
        Decision d = action.decision();
        String key = "retention-episode-" + e.id;
        try {
            if (d.type().equals(RetentionDecisions.OFFER)) {
                long points = number(d.attribute(RetentionDecisions.POINTS), 0);
                if (points > 0) {
                    loyalty.adjust(e.contactId, points, "win-back offer (" + e.trigger + "): " + d.rule(), key + "-offer",
                            requester);
                }
            } else if (d.type().equals(RetentionDecisions.MESSAGE)) {
                String template = d.attribute(RetentionDecisions.TEMPLATE);
                Map<String, String> variables = new HashMap<>();
                variables.put("trigger", e.trigger);
                variables.put("risk", e.risk);
                messages.send(new SendRequest(e.contactId, orElse(d.attribute(RetentionDecisions.CHANNEL), "email"), template,
                        orElse(d.attribute(RetentionDecisions.PURPOSE), "marketing"), variables, key + "-" + template),
                        requester);
            }
            onTimeline(e, d);
        } catch (RuntimeException failure) {
            LOG.warn("Retention episode {} of contact {}: {} by \"{}\" could not be taken: {}", e.id, e.contactId, d.type(),
                    d.rule(), failure.getMessage());
        }
    }

    private void onTimeline(EpisodeEntity e, Decision d) {
        String what = switch (d.type()) {
            case RetentionDecisions.TASK -> "task for " + orElse(d.attribute(RetentionDecisions.QUEUE), "retention") + ": "
                    + orElse(d.attribute(RetentionDecisions.TITLE), "contact the customer");
            case RetentionDecisions.OFFER -> "win-back offer of " + d.attribute(RetentionDecisions.POINTS) + " points";
            default -> "message '" + d.attribute(RetentionDecisions.TEMPLATE) + "'";
        };
        Map<String, String> payload = Map.of("episode", Long.toString(e.id), "trigger", e.trigger, "rule", d.rule());
        interactions.record(e.contactId, new NewInteraction(Channel.OTHER.label(), "outbound", "retention-action",
                clock.instant(), what + " (" + e.trigger + ", " + e.risk + " risk)", payload), "retention");
    }

    private static String trigger(Decision d) {
        return Columns.clip(orElse(d.attribute(RetentionDecisions.TRIGGER), d.rule()), 60);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static int number(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // ---- reading

    @Override
    public List<Episode> atRisk(String tier, int offset, int limit) {
        page(offset, limit);
        return Transactions.read(emf, em -> openEpisodes(em, "select e", tier, " order by e.openedAt desc, e.id desc",
                EpisodeEntity.class).setFirstResult(offset).setMaxResults(limit).getResultStream()
                .map(EpisodeEntity::toEpisode).toList());
    }

    @Override
    public long countAtRisk(String tier) {
        return Transactions.read(emf, em -> openEpisodes(em, "select count(e)", tier, "", Long.class).getSingleResult());
    }

    private static <T> TypedQuery<T> openEpisodes(EntityManager em, String select, String tier, String order,
            Class<T> type) {
        TypedQuery<T> query = em.createQuery(select + " from EpisodeEntity e where e.outcome = :open"
                + (tier == null ? "" : " and e.tier = :tier") + order, type).setParameter("open", EpisodeOutcome.OPEN);
        return tier == null ? query : query.setParameter("tier", tier);
    }

    @Override
    public List<Episode> episodes(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select e from EpisodeEntity e where e.contactId = :c "
                + "order by e.openedAt desc, e.id desc", EpisodeEntity.class).setParameter("c", contactId).getResultStream()
                .map(EpisodeEntity::toEpisode).toList());
    }

    @Override
    public List<Task> tasks(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select t from TaskEntity t where t.contactId = :c "
                + "order by t.id desc", TaskEntity.class).setParameter("c", contactId).getResultStream()
                .map(TaskEntity::toTask).toList());
    }

    @Override
    public List<Task> tasks(TaskStatus status, String queue, int offset, int limit) {
        page(offset, limit);
        return Transactions.read(emf, em -> {
            TypedQuery<TaskEntity> query = em.createQuery("select t from TaskEntity t where 1 = 1"
                    + (status == null ? "" : " and t.status = :status") + (queue == null ? "" : " and t.queue = :queue")
                    + " order by t.dueAt, t.id", TaskEntity.class);
            if (status != null) {
                query.setParameter("status", status);
            }
            if (queue != null) {
                query.setParameter("queue", queue);
            }
            return query.setFirstResult(offset).setMaxResults(limit).getResultStream().map(TaskEntity::toTask).toList();
        });
    }

    @Override
    public long countTasks(TaskStatus status, String queue) {
        return Transactions.read(emf, em -> {
            TypedQuery<Long> query = em.createQuery("select count(t) from TaskEntity t where 1 = 1"
                    + (status == null ? "" : " and t.status = :status") + (queue == null ? "" : " and t.queue = :queue"),
                    Long.class);
            if (status != null) {
                query.setParameter("status", status);
            }
            if (queue != null) {
                query.setParameter("queue", queue);
            }
            return query.getSingleResult();
        });
    }

    @Override
    public Task updateTask(long id, TaskStatus status, String assignee, String note, String actor) {
        Task[] before = new Task[1];
        Task task = Transactions.inTransaction(emf, em -> {
            TaskEntity t = em.find(TaskEntity.class, id);
            if (t == null) {
                throw new IllegalArgumentException("task " + id + " does not exist");
            }
            before[0] = t.toTask();
            if (assignee != null) {
                t.assignee = Columns.optional("assignee", assignee, 120);
            }
            if (note != null) {
                t.note = Columns.optional("note", note, 2000);
            }
            if (status != null && status != t.status) {
                t.status = status;
                t.closedAt = status == TaskStatus.OPEN ? null : clock.instant();
            }
            return t.toTask();
        });
        LOG.info("Retention task {} of contact {} is {} ({}), by {}", id, task.contactId(),
                task.status().name().toLowerCase(Locale.ROOT), task.assignee(), actor);
        audit(actor, "retention.task", "task " + id, task.contactId(), describe(before[0]), describe(task));
        return task;
    }

    // ---- feedback

    @Override
    public Feedback recordFeedback(NewFeedback f, String source) {
        if (f == null) {
            throw new IllegalArgumentException("feedback is required");
        }
        if (contacts.find(f.contactId()).isEmpty()) {
            throw new IllegalArgumentException("contactId " + f.contactId() + " is not a contact");
        }
        if (f.kind() == null) {
            throw new IllegalArgumentException("kind is required: nps, csat or comment");
        }
        String comment = Columns.optional("comment", f.comment(), 4000);
        if (f.kind() == FeedbackKind.COMMENT) {
            if (comment == null) {
                throw new IllegalArgumentException("comment is required for a comment");
            }
            if (f.score() != null) {
                throw new IllegalArgumentException("score is for nps and csat answers, not a comment");
            }
        } else if (f.score() == null || f.score() < f.kind().lowest() || f.score() > f.kind().highest()) {
            throw new IllegalArgumentException("score of " + f.kind().name().toLowerCase(Locale.ROOT) + " is from "
                    + f.kind().lowest() + " to " + f.kind().highest() + (f.score() == null ? "" : ", not " + f.score()));
        }
        Channel channel;
        try {
            channel = f.channel() == null || f.channel().isBlank() ? Channel.WEB : Channel.parse(f.channel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel " + e.getMessage());
        }
        Instant now = clock.instant();
        Instant at = f.occurredAt() == null ? now : f.occurredAt();
        if (at.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new IllegalArgumentException("occurredAt " + at + " is in the future");
        }
        String kind = f.kind().name().toLowerCase(Locale.ROOT);
        Map<String, String> payload = new HashMap<>();
        payload.put("kind", kind);
        if (f.score() != null) {
            payload.put("score", Integer.toString(f.score()));
        }
        Feedback stored = Transactions.retrying(emf, 5, em -> {
            FeedbackEntity entity = new FeedbackEntity(f.contactId(), f.kind(), f.score(), comment, channel.label(), at,
                    Columns.clip(source, 120));
            em.persist(entity);
            Profiles.record(em, new Touch(f.contactId(), "inbound", "feedback", at, payload), now);
            em.flush();
            return entity.toFeedback();
        });
        payload.put(FEEDBACK_ID, Long.toString(stored.id()));
        String summary = (f.score() == null ? "Comment" : kind.toUpperCase(Locale.ROOT) + " " + f.score())
                + (comment == null ? "" : ": " + (comment.length() > 200 ? comment.substring(0, 200) + "..." : comment));
        interactions.record(f.contactId(), new NewInteraction(channel.label(), "inbound", "feedback", at, summary, payload),
                source);
        audit(source, "feedback.record", "contact " + f.contactId(), f.contactId(), null, summary);
        if (evaluateOnEvents) {
            evaluate(f.contactId(), "retention (feedback)");
        }
        return stored;
    }

    private static String describe(Task t) {
        return t.status().name().toLowerCase(Locale.ROOT) + (t.assignee() == null ? "" : ", with " + t.assignee())
                + (t.note() == null ? "" : ", note: " + t.note());
    }

    /** Sends a change of personal data to the audit log, synchronously, when Event Admin is there. */
    private void audit(String actor, String action, String subject, long contactId, String before, String after) {
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(AuditEvents.ACTOR, actor == null ? "unknown" : actor);
        properties.put(AuditEvents.ACTION, action);
        properties.put(AuditEvents.SUBJECT, subject);
        properties.put(AuditEvents.CONTACT_ID, contactId);
        if (before != null) {
            properties.put(AuditEvents.BEFORE, before);
        }
        properties.put(AuditEvents.AFTER, after);
        admin.sendEvent(new Event(AuditEvents.TOPIC, properties));
    }

    @Override
    public List<Feedback> feedback(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select f from FeedbackEntity f where f.contactId = :c "
                + "order by f.occurredAt desc, f.id desc", FeedbackEntity.class).setParameter("c", contactId)
                .getResultStream().map(FeedbackEntity::toFeedback).toList());
    }

    // ---- figures

    @Override
    public List<KpiRow> kpis(YearMonth from, YearMonth to, boolean quarters) {
        return Transactions.read(emf, em -> Kpis.rows(em, from, to, quarters));
    }

    private static void page(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit is from 1 to " + MAX_PAGE + ", not " + limit);
        }
    }
}

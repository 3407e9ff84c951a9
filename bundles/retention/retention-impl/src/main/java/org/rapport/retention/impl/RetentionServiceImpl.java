package org.rapport.retention.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.communication.api.MessageService;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.InteractionService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.persistence.InLists;
import org.rapport.persistence.PagedQueue;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.retention.api.Episode;
import org.rapport.retention.api.Feedback;
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
    /** How many touchpoints from Event Admin wait at most, and how many are folded in one transaction. */
    private static final int TOUCHES_WAITING = 10_000;
    private static final int TOUCHES_A_PAGE = 200;
    /** The payload key of a feedback interaction recorded here, already folded into the profile. */
    static final String FEEDBACK_ID = "feedbackId";

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final InteractionService interactions;
    private final LoyaltyService loyalty;
    private final ConsentGate gate;
    private final Clock clock;
    // From the settings, replaced when they change ({@link #modified}).
    private volatile boolean evaluateOnEvents;
    private volatile String profilingPurpose;
    private final Episodes episodes;
    private final RetentionReads reads;
    private final TaskUpdates taskUpdates;
    private final FeedbackIntake feedback;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;
    /** The touchpoints from Event Admin, folded a page at a time; null where touches are folded at once (tests). */
    private PagedQueue<Touch> pages;

    /** What one application of decisions did. */
    record Applied(List<Episode> opened, int closed) {
    }

    @Activate
    public RetentionServiceImpl(@Reference(target = "(osgi.unit.name=rapport-retention)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger ledger, @Reference ContactService contacts,
            @Reference InteractionService interactions, @Reference LoyaltyService loyalty,
            @Reference MessageService messages, @Reference ConsentGate gate, RetentionConfig config) {
        this(emf, rules, ledger, contacts, interactions, loyalty, messages, gate, Clock.systemUTC(),
                config.evaluateOnEvents(), config.profilingPurpose());
        this.pages = new PagedQueue<>("retention-touches", TOUCHES_WAITING, TOUCHES_A_PAGE, this::touchedAll);
    }

    /** Folds the touchpoints still queued before the service goes. */
    @Deactivate
    void deactivate() {
        if (pages != null) {
            pages.close();
        }
    }

    /** @param profilingPurpose the consent purpose the gate is asked for before a customer is evaluated, or blank for none */
    RetentionServiceImpl(EntityManagerFactory emf, RulesEngine rules, DecisionLedger ledger, ContactService contacts,
            InteractionService interactions, LoyaltyService loyalty, MessageService messages, ConsentGate gate,
            Clock clock, boolean evaluateOnEvents, String profilingPurpose) {
        this.emf = emf;
        this.rules = rules;
        this.interactions = interactions;
        this.loyalty = loyalty;
        this.gate = gate;
        this.clock = clock;
        settings(evaluateOnEvents, profilingPurpose);
        this.episodes = new Episodes(emf, ledger, new EpisodeActions(loyalty, messages, interactions, clock), clock);
        this.reads = new RetentionReads(emf);
        AuditTrail audit = new AuditTrail(() -> events);
        this.taskUpdates = new TaskUpdates(emf, audit, clock);
        this.feedback = new FeedbackIntake(emf, contacts, interactions, audit, clock);
    }

    /** New settings while running: the retention REST resources, which hold this service, stay served. */
    @Modified
    void modified(RetentionConfig config) {
        settings(config.evaluateOnEvents(), config.profilingPurpose());
    }

    private synchronized void settings(boolean onEvents, String purpose) {
        this.evaluateOnEvents = onEvents;
        this.profilingPurpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
    }

    // ---- touchpoints

    @Override
    public void handleEvent(Event event) {
        try {
            Touch touch = touch(event);
            if (touch != null && pages != null) {
                pages.offer(touch);
            } else if (touch != null) {
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
        touchedAll(List.of(touch));
    }

    /**
     * Folds touchpoints into their customers' profiles in one transaction, each customer's in the
     * order given, the profiles locked in the order of their ids; then evaluates once each customer
     * a touch made worth evaluating. When the page cannot be folded in one transaction (nothing of
     * it is written then), each touch is folded alone, so one that cannot be costs only itself.
     */
    void touchedAll(List<Touch> touches) {
        List<Touch> ordered = new ArrayList<>(touches);
        ordered.sort(Comparator.comparingLong(Touch::contactId)); // stable: a customer's touches keep their order
        try {
            fold(ordered);
        } catch (RuntimeException e) {
            if (ordered.size() == 1) {
                throw e;
            }
            LOG.debug("A page of {} touchpoints could not be folded at once ({}); folding them one by one",
                    ordered.size(), e.toString());
            List<Touch> folded = new ArrayList<>();
            for (Touch touch : ordered) {
                try {
                    fold(List.of(touch));
                    folded.add(touch);
                } catch (RuntimeException alone) {
                    LOG.warn("Interaction of type {} of contact {} could not be folded into retention's profile: {}",
                            touch.type(), touch.contactId(), alone.toString());
                }
            }
            ordered = folded;
        }
        if (evaluateOnEvents) {
            evaluateTouched(ordered);
        }
    }

    private void fold(List<Touch> touches) {
        Transactions.retrying(emf, 5, em -> {
            Profiles.recordAll(em, touches, clock.instant());
            return null;
        });
    }

    /** Evaluates each customer of {@code touches} worth it once, as requested by the last such touch's type. */
    private void evaluateTouched(List<Touch> touches) {
        Map<Long, String> requesters = new LinkedHashMap<>();
        for (Touch touch : touches) {
            if (touch.worthEvaluating()) {
                requesters.put(touch.contactId(), "retention (" + touch.type() + ")");
            }
        }
        Map<String, List<Long>> byRequester = new LinkedHashMap<>();
        requesters.forEach((contact, requester) -> byRequester.computeIfAbsent(requester, r -> new ArrayList<>()).add(contact));
        byRequester.forEach((requester, contacts) -> evaluateAll(activitiesOf(contacts), requester));
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
     * active. With a profiling purpose configured (as shipped), the consent gate is asked for all
     * of them at once: only those it allows are evaluated, and the open episodes of the others
     * close with their open tasks cancelled, so no agent is asked to call someone who objected.
     */
    Applied evaluateAll(List<CustomerActivity> all, String requester) {
        List<CustomerActivity> activities = all;
        int withdrawn = 0;
        if (profilingPurpose != null && !all.isEmpty()) {
            List<Long> ids = all.stream().map(CustomerActivity::getContactId).toList();
            Set<Long> allowed = profilable(ids, "retention evaluation", requester);
            activities = all.stream().filter(a -> allowed.contains(a.getContactId())).toList();
            withdrawn = episodes.closeBlocked(ids.stream().filter(id -> !allowed.contains(id)).toList());
        }
        if (activities.isEmpty()) {
            return new Applied(List.of(), withdrawn);
        }
        List<Decision> decisions;
        try {
            decisions = rules.evaluate(RetentionDecisions.RULE_PACKAGE, activities).decisions();
        } catch (RulesUnavailableException e) {
            LOG.debug("No retention rules are active; {} customer(s) not evaluated", activities.size());
            return new Applied(List.of(), withdrawn);
        }
        Applied applied = episodes.apply(activities, decisions, requester);
        return new Applied(applied.opened(), applied.closed() + withdrawn);
    }

    /**
     * Those of {@code contactIds} the rules may see now, for {@code action}: with a profiling purpose
     * configured (as shipped), those the consent gate allows (it records the others' blocks); every
     * one of them without.
     */
    Set<Long> profilable(List<Long> contactIds, String action, String requester) {
        if (profilingPurpose == null || contactIds.isEmpty()) {
            return new HashSet<>(contactIds);
        }
        return ConsentGate.allowed(gate.checkProfiling(contactIds, profilingPurpose, action, requester));
    }

    /** Why a customer {@link #profilable} leaves out is kept from the rules. */
    String notProfilableReason() {
        return "blocked by the consent gate for purpose '" + profilingPurpose + "'";
    }

    /** Reads the profiles of these customers, those that have one, in the order of their ids. */
    private List<CustomerActivity> activitiesOf(List<Long> contactIds) {
        return Transactions.read(emf, em -> CustomerActivities.of(em, em.createQuery(
                "select p from ProfileEntity p where p.contactId in :ids order by p.contactId", ProfileEntity.class)
                .setParameter("ids", InLists.padded(contactIds)).getResultList(), clock.instant(), loyalty::tiers));
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

    // ---- reading

    @Override
    public List<Episode> atRisk(String tier, int offset, int limit) {
        return reads.atRisk(tier, offset, limit);
    }

    @Override
    public long countAtRisk(String tier) {
        return reads.countAtRisk(tier);
    }

    @Override
    public List<Episode> episodes(long contactId) {
        return reads.episodes(contactId);
    }

    @Override
    public List<Task> tasks(long contactId) {
        return reads.tasks(contactId);
    }

    @Override
    public List<Task> tasks(TaskStatus status, String queue, int offset, int limit) {
        return reads.tasks(status, queue, offset, limit);
    }

    @Override
    public long countTasks(TaskStatus status, String queue) {
        return reads.countTasks(status, queue);
    }

    @Override
    public Task updateTask(long id, TaskStatus status, String assignee, String note, String actor) {
        return taskUpdates.update(id, status, assignee, note, actor);
    }

    // ---- feedback

    @Override
    public Feedback recordFeedback(NewFeedback f, String source) {
        Feedback stored = feedback.record(f, source);
        if (evaluateOnEvents) {
            evaluate(f.contactId(), "retention (feedback)");
        }
        return stored;
    }

    @Override
    public List<Feedback> feedback(long contactId) {
        return reads.feedback(contactId);
    }

    // ---- figures

    @Override
    public List<KpiRow> kpis(YearMonth from, YearMonth to, boolean quarters) {
        return Transactions.read(emf, em -> Kpis.rows(em, from, to, quarters));
    }
}

package org.rapport.retention.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.persistence.Columns;
import org.rapport.persistence.DomainEvents;
import org.rapport.persistence.InLists;
import org.rapport.persistence.Transactions;
import org.rapport.retention.api.Episode;
import org.rapport.retention.api.EpisodeOutcome;
import org.rapport.retention.api.TaskStatus;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.retention.impl.RetentionServiceImpl.Applied;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what the rules decided about customers to their episodes, in one transaction: an
 * episode opens, with its task and the domain event {@code retention.at-risk}, when a rule raises
 * a trigger not open already, and closes when
 * an evaluation no longer raises it. The offers, messages and timeline entries decided for newly
 * opened episodes are taken once it is committed.
 */
final class Episodes {

    private static final Logger LOG = LoggerFactory.getLogger(Episodes.class);
    private static final Set<String> RISKS = Set.of("low", "medium", "high");

    private final EntityManagerFactory emf;
    private final DecisionLedger ledger;
    private final EpisodeActions actions;
    private final Clock clock;

    Episodes(EntityManagerFactory emf, DecisionLedger ledger, EpisodeActions actions, Clock clock) {
        this.emf = emf;
        this.ledger = ledger;
        this.actions = actions;
        this.clock = clock;
    }

    Applied apply(List<CustomerActivity> activities, List<Decision> decisions, String requester) {
        Map<String, List<Decision>> bySubject = new HashMap<>();
        for (Decision d : decisions) {
            bySubject.computeIfAbsent(d.subject(), k -> new ArrayList<>()).add(d);
        }
        List<EpisodeActions.Action> taken = new ArrayList<>();
        Applied applied = Transactions.retrying(emf, 3, em -> {
            taken.clear();
            List<Episode> opened = new ArrayList<>();
            int closed = 0;
            Instant now = clock.instant();
            for (CustomerActivity activity : activities) {
                List<Decision> about = bySubject.getOrDefault(Long.toString(activity.getContactId()), List.of());
                closed += applyTo(em, activity, about, now, opened, taken);
            }
            return new Applied(opened, closed);
        });
        for (EpisodeActions.Action action : taken) {
            actions.act(action, requester);
        }
        if (!applied.opened().isEmpty() || applied.closed() > 0) {
            LOG.info("Retention: {} episode(s) opened, {} closed, evaluating {} customer(s) for {}", applied.opened().size(),
                    applied.closed(), activities.size(), requester);
        }
        return applied;
    }

    /**
     * Closes the open episodes of customers the consent gate does not let retention profile now
     * (they objected), cancelling their open tasks; answers how many episodes closed.
     */
    int closeBlocked(List<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return 0;
        }
        int closed = Transactions.retrying(emf, 3, em -> {
            Instant now = clock.instant();
            List<EpisodeEntity> open = em.createQuery("select e from EpisodeEntity e where e.contactId in :c "
                    + "and e.outcome = :open", EpisodeEntity.class).setParameter("c", InLists.padded(contactIds))
                    .setParameter("open", EpisodeOutcome.OPEN).getResultList();
            for (EpisodeEntity e : open) {
                e.closedAt = now;
                e.outcome = EpisodeOutcome.RESOLVED;
            }
            if (!open.isEmpty()) {
                em.createQuery("update TaskEntity t set t.status = :cancelled, t.closedAt = :now, t.note = :note "
                        + "where t.episodeId in :e and t.status = :open").setParameter("cancelled", TaskStatus.CANCELLED)
                        .setParameter("now", now).setParameter("note", "episode closed: the consent gate blocks profiling")
                        .setParameter("e", InLists.padded(open.stream().map(e -> e.id).toList())).setParameter("open", TaskStatus.OPEN)
                        .executeUpdate();
            }
            return open.size();
        });
        if (closed > 0) {
            LOG.info("Retention: {} episode(s) closed of customers the consent gate blocks", closed);
        }
        return closed;
    }

    /** Applies one customer's decisions; returns how many episodes it closed. */
    private int applyTo(EntityManager em, CustomerActivity activity, List<Decision> decisions, Instant now,
            List<Episode> opened, List<EpisodeActions.Action> actions) {
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
            em.flush(); // the new episodes' ids, for their tasks, actions and events
        }
        for (EpisodeEntity e : newlyOpened.values()) {
            atRisk(em, e);
        }
        for (Decision d : decisions) {
            EpisodeEntity episode = d.type().equals(RetentionDecisions.AT_RISK) ? null : newlyOpened.get(trigger(d));
            if (episode == null) {
                continue; // an action for a trigger that did not open now: taken when its episode opened
            }
            if (d.type().equals(RetentionDecisions.TASK)) {
                int dueDays = EpisodeActions.number(d.attribute(RetentionDecisions.DUE_DAYS), 3);
                em.persist(new TaskEntity(episode.id, contactId, Columns.clip(EpisodeActions.orElse(d.attribute(RetentionDecisions.TITLE),
                        "Contact customer at risk (" + episode.trigger + ")"), 300),
                        Columns.clip(EpisodeActions.orElse(d.attribute(RetentionDecisions.QUEUE), "retention"), 60),
                        now.plus(Duration.ofDays(dueDays)), Columns.clip(d.rule(), 200), now));
                actions.add(new EpisodeActions.Action(episode, d)); // on the timeline once committed
                recorded.add(d);
            } else if (d.type().equals(RetentionDecisions.OFFER) || d.type().equals(RetentionDecisions.MESSAGE)) {
                actions.add(new EpisodeActions.Action(episode, d));
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
     * The domain event {@code retention.at-risk} of a newly opened episode, in its transaction:
     * the trigger, risk, rule and tier, not the rule's free-text reason.
     */
    private static void atRisk(EntityManager em, EpisodeEntity e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", e.contactId);
        data.put("episodeId", e.id);
        data.put("trigger", e.trigger);
        data.put("risk", e.risk);
        data.put("tier", e.tier);
        data.put("rule", e.rule);
        data.put("release", e.release);
        data.put("openedAt", e.openedAt);
        DomainEvents.record(em, "retention.at-risk", e.contactId, e.openedAt, data);
    }

    /** The trigger a decision is about: its own, or its rule's name. */
    private static String trigger(Decision d) {
        return Columns.clip(EpisodeActions.orElse(d.attribute(RetentionDecisions.TRIGGER), d.rule()), 60);
    }
}

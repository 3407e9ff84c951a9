package org.rapport.sales.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.persistence.EntityManager;

import org.rapport.contacts.api.InteractionService;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.sales.facts.LeadProfile;
import org.rapport.sales.facts.LeadScore;
import org.rapport.sales.facts.SalesDecisions;

/**
 * Scores leads with the {@code sales} rules and applies what they decide, in the caller's
 * transaction, with the decisions in the ledger (so {@code rules:why lead:<id>} answers). Two
 * evaluations of the same package per batch of leads: the {@link LeadProfile}s give points
 * ({@code sales.score}), whose sum (never below 0) makes each lead's {@link LeadScore}, from which
 * the rules decide grade ({@code sales.grade}) and queue and owner ({@code sales.route}; without an
 * owner named, one of the queue's {@link QueueMembers} in turn, unless one was given at capture). The
 * consent gate is asked first ({@link ScoringConsent}): a lead whose contact it blocks from profiling
 * is not evaluated, and gets no score and the grade and queue of a lead nobody profiled.
 */
final class LeadScoring {

    private final RulesEngine rules;
    private final DecisionLedger ledger;
    private final LeadProfiles profiles;
    private final ScoringConsent consent;
    private final QueueMembers queues;

    LeadScoring(RulesEngine rules, DecisionLedger ledger, LeadProfiles profiles, ScoringConsent consent,
            QueueMembers queues) {
        this.rules = rules;
        this.ledger = ledger;
        this.profiles = profiles;
        this.consent = consent;
        this.queues = queues;
    }

    /** Scoring as {@code config} sets it up. */
    static LeadScoring of(RulesEngine rules, DecisionLedger ledger, InteractionService interactions, ConsentGate gate,
            SalesConfig config) {
        return new LeadScoring(rules, ledger, LeadProfiles.of(interactions, config), ScoringConsent.of(gate, config),
                QueueMembers.parse(config.queueMembers()));
    }

    /**
     * Scores {@code leads} and sets the outcome on them (every lead's scoring time; score, grade,
     * queue, owner and the time it changed where they change), with the decisions in the ledger in
     * the transaction of {@code em}. Leads {@code em} manages are written by it; re-scoring reads and
     * writes its leads itself ({@link RescoringRows}).
     *
     * @param recordUnchanged whether decisions about a lead whose score, grade, queue and owner stay
     *                        as they were go to the ledger too (a new lead: yes; a re-scoring: no)
     * @param requester who asks, for the consent gate's record of a blocked lead
     * @return the leads whose score, grade, queue or owner changed
     * @throws org.rapport.rules.api.RulesUnavailableException if the package has no active release
     */
    List<LeadEntity> score(EntityManager em, List<LeadEntity> all, boolean recordUnchanged, Instant now,
            String requester) {
        if (all.isEmpty()) {
            return List.of();
        }
        Set<Long> blocked = consent.blocked(all, requester);
        List<LeadEntity> leads = new ArrayList<>(all.size());
        List<LeadEntity> changed = new ArrayList<>();
        for (LeadEntity lead : all) {
            if (lead.contactId != null && blocked.contains(lead.contactId)) {
                String owner = lead.ownerGiven ? lead.owner : queues.owner(consent.queue(), lead.id, null);
                if (set(lead, null, consent.grade(), consent.queue(), owner, now)) {
                    changed.add(lead);
                }
            } else {
                leads.add(lead);
            }
        }
        if (leads.isEmpty()) {
            return changed;
        }
        List<LeadProfile> facts = this.profiles.of(leads, now);
        Map<String, List<Decision>> points = bySubject(rules.evaluate(SalesDecisions.RULE_PACKAGE, facts).decisions());
        List<LeadScore> scores = new ArrayList<>(leads.size());
        for (LeadEntity lead : leads) {
            int sum = points.getOrDefault(subject(lead), List.of()).stream()
                    .filter(d -> d.type().equals(SalesDecisions.SCORE)).mapToInt(LeadScoring::points).sum();
            scores.add(new LeadScore(lead.id, Math.max(0, sum), lead.source));
        }
        Map<String, List<Decision>> routing = bySubject(rules.evaluate(SalesDecisions.RULE_PACKAGE, scores).decisions());
        List<DecisionLedger.Applied> applied = new ArrayList<>();
        for (int i = 0; i < leads.size(); i++) {
            LeadEntity lead = leads.get(i);
            List<Decision> given = points.getOrDefault(subject(lead), List.of());
            List<Decision> routed = routing.getOrDefault(subject(lead), List.of());
            boolean change = apply(lead, scores.get(i).getScore(), routed, now);
            if (change || recordUnchanged) {
                String profile = facts.get(i).toString();
                given.forEach(d -> applied.add(new DecisionLedger.Applied(d, profile)));
                String score = scores.get(i).toString();
                routed.forEach(d -> applied.add(new DecisionLedger.Applied(d, score)));
            }
            if (change) {
                changed.add(lead);
            }
        }
        ledger.recordAll(em, applied);
        return changed;
    }

    private boolean apply(LeadEntity lead, int score, List<Decision> routed, Instant now) {
        String grade = lead.grade;
        String queue = lead.queue;
        String ruleOwner = null;
        for (Decision d : routed) {
            if (d.type().equals(SalesDecisions.GRADE)) {
                grade = d.attribute(SalesDecisions.GRADE_NAME);
            } else if (d.type().equals(SalesDecisions.ROUTE)) {
                queue = d.attribute(SalesDecisions.QUEUE);
                if (d.attribute(SalesDecisions.OWNER) != null) {
                    ruleOwner = d.attribute(SalesDecisions.OWNER);
                }
            }
        }
        String owner = lead.owner;
        if (!lead.ownerGiven) {
            owner = ruleOwner != null ? ruleOwner : queues.owner(queue, lead.id, lead.owner);
        }
        return set(lead, score, grade, queue, owner, now);
    }

    /** Sets what scoring decided; whether anything changed. */
    private static boolean set(LeadEntity lead, Integer score, String grade, String queue, String owner, Instant now) {
        boolean changed = !Objects.equals(lead.score, score) || !Objects.equals(lead.grade, grade)
                || !Objects.equals(lead.queue, queue) || !Objects.equals(lead.owner, owner);
        lead.score = score;
        lead.grade = grade;
        lead.queue = queue;
        lead.owner = owner;
        lead.scoredAt = now;
        if (changed) {
            lead.updatedAt = now;
        }
        return changed;
    }

    private static int points(Decision d) {
        String value = d.attribute(SalesDecisions.POINTS);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("rule \"" + d.rule() + "\" gave '" + value + "' points, not a whole number", e);
        }
    }

    private static String subject(LeadEntity lead) {
        return "lead:" + lead.id;
    }

    private static Map<String, List<Decision>> bySubject(List<Decision> decisions) {
        Map<String, List<Decision>> map = new HashMap<>();
        decisions.forEach(d -> map.computeIfAbsent(d.subject(), s -> new ArrayList<>()).add(d));
        return map;
    }
}

package org.rapport.loyalty.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;

import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the tier decisions of one evaluation to the members it was about: a
 * {@code loyalty.set-tier} to another tier moves the member and is written to the tier history,
 * with the domain event {@code tier.changed} in the same transaction;
 * a {@code loyalty.tier-at-risk} starts the grace period, and an evaluation without one ends
 * it. Only decisions that change something are applied and recorded in the decision ledger.
 */
final class Tiers {

    private static final Logger LOG = LoggerFactory.getLogger(Tiers.class);

    private Tiers() {
    }

    /**
     * Lets the rules decide the member's tier on their activity now, and applies it, unless
     * {@code consent} keeps the member's tier as it is; returns that activity.
     */
    static MemberActivity decide(EntityManager em, RulesEngine rules, DecisionLedger ledger, MemberEntity member,
            Instant now, TierConsent consent) {
        return decide(em, rules, ledger, member, Activities.of(em, member, now), now, consent);
    }

    /** As {@link #decide(EntityManager, RulesEngine, DecisionLedger, MemberEntity, Instant, TierConsent)}, on {@code activity} already known. */
    static MemberActivity decide(EntityManager em, RulesEngine rules, DecisionLedger ledger, MemberEntity member,
            MemberActivity activity, Instant now, TierConsent consent) {
        List<DecisionLedger.Applied> applied = new ArrayList<>();
        decide(em, rules, member, activity, now, consent, applied);
        ledger.recordAll(em, applied);
        return activity;
    }

    /**
     * As {@link #decide(EntityManager, RulesEngine, DecisionLedger, MemberEntity, MemberActivity, Instant, TierConsent)},
     * the decisions applied added to {@code toRecord} for the caller to record in the decision
     * ledger in the same transaction, with decisions of its own in one batch.
     */
    static void decide(EntityManager em, RulesEngine rules, MemberEntity member, MemberActivity activity, Instant now,
            TierConsent consent, List<DecisionLedger.Applied> toRecord) {
        if (!consent.allows(member.contactId(), "loyalty")) {
            return;
        }
        Evaluation evaluation = rules.evaluate(LoyaltyDecisions.RULE_PACKAGE, List.of(activity));
        apply(em, toRecord, member, activity, evaluation.decisions(), now);
    }

    /**
     * Applies what an evaluation decided about {@code member}.
     *
     * @param decisions the evaluation's decisions about this member, in firing order
     * @param toRecord where the decisions applied are added, with the member's activity, for the
     *        caller to record in the decision ledger in the same transaction
     *
     * @return true if the member's tier or grace period changed
     */
    static boolean apply(EntityManager em, List<DecisionLedger.Applied> toRecord, MemberEntity member,
            MemberActivity activity, List<Decision> decisions, Instant now) {
        long id = member.contactId();
        List<Decision> applied = new ArrayList<>();
        List<Decision> tiers = ofType(decisions, LoyaltyDecisions.SET_TIER);
        Decision move = tiers.isEmpty() ? null : tiers.get(tiers.size() - 1);
        if (tiers.size() > 1) {
            LOG.warn("Loyalty rules made {} tier decisions for member {}; the last one fired wins: {}", tiers.size(), id,
                    tiers);
        }
        if (move != null) {
            String tier = move.attribute(LoyaltyDecisions.TIER);
            if (tier == null || tier.isBlank()) {
                throw new IllegalStateException("rule \"" + move.rule() + "\" decided " + LoyaltyDecisions.SET_TIER
                        + " without a '" + LoyaltyDecisions.TIER + "' attribute");
            }
            if (!tier.equals(member.tier())) {
                em.persist(new TierChangeEntity(id, member.tier(), tier, move, now, activity.toString()));
                LoyaltyEvents.tierChanged(em, id, member.tier(), tier, move, now);
                member.moveTo(tier, move, now);
                applied.add(move);
            }
        }
        if (applied.isEmpty()) {
            List<Decision> risks = ofType(decisions, LoyaltyDecisions.TIER_AT_RISK);
            if (risks.isEmpty()) {
                if (member.safe()) {
                    LOG.debug("Member {} is no longer at risk of losing tier {}", id, member.tier());
                    return true;
                }
            } else if (member.atRisk(now)) {
                applied.add(risks.get(0));
            }
        }
        if (applied.isEmpty()) {
            return false;
        }
        String facts = activity.toString();
        applied.forEach(d -> toRecord.add(new DecisionLedger.Applied(d, facts)));
        return true;
    }

    private static List<Decision> ofType(List<Decision> decisions, String type) {
        List<Decision> ofType = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            if (d.type().equals(type)) {
                ofType.add(d);
            }
        }
        return ofType;
    }
}

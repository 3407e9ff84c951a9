package org.rapport.service.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.persistence.EntityManager;

import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.service.facts.CaseProfile;
import org.rapport.service.facts.ServiceDecisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A case's first-response and resolution targets, decided by the {@code service} rules from its
 * {@link CaseProfile}: of the targets the rules set for each, the one falling due first counts, and
 * only that decision is applied and recorded in the ledger (in the caller's transaction).
 */
final class SlaTargets {

    private static final Logger LOG = LoggerFactory.getLogger(SlaTargets.class);

    private final RulesEngine rules;
    private final DecisionLedger ledger;
    private final BusinessHours hours;

    SlaTargets(RulesEngine rules, DecisionLedger ledger, BusinessHours hours) {
        this.rules = rules;
        this.ledger = ledger;
        this.hours = hours;
    }

    /** A decided target: when it falls due and the decision behind it. */
    record Target(Instant due, Decision decision) {
    }

    private static CaseProfile profile(CaseEntity c, String queue) {
        return new CaseProfile(c.id, c.priority.toLowerCase(Locale.ROOT), c.channel, queue, c.tier);
    }

    /** Sets the case's targets from its opening; a case stays without targets while the package has no active release. */
    void apply(EntityManager em, CaseEntity c) {
        CaseProfile profile = profile(c, c.queue);
        List<Decision> decisions;
        try {
            decisions = rules.evaluate(ServiceDecisions.RULE_PACKAGE, List.of(profile)).decisions();
        } catch (RulesUnavailableException unavailable) {
            LOG.warn("Case {} opened without SLA targets: {}", c.id, unavailable.getMessage());
            return;
        }
        Target first = earliest(decisions, ServiceDecisions.FIRST_RESPONSE, c.createdAt);
        Target resolution = earliest(decisions, ServiceDecisions.RESOLUTION, c.createdAt);
        List<Decision> applied = new ArrayList<>(2);
        if (first != null) {
            c.firstResponseDue = first.due();
            c.firstResponseRule = first.decision().rule();
            c.slaRelease = first.decision().release();
            applied.add(first.decision());
        }
        if (resolution != null) {
            c.resolutionDue = resolution.due();
            c.resolutionRule = resolution.decision().rule();
            c.resolutionClock = ServiceDecisions.CALENDAR.equals(resolution.decision().attribute(ServiceDecisions.CLOCK))
                    ? ServiceDecisions.CALENDAR : ServiceDecisions.BUSINESS;
            c.slaRelease = resolution.decision().release();
            applied.add(resolution.decision());
        }
        if (!applied.isEmpty()) {
            ledger.record(em, applied, profile.toString());
        }
    }

    /**
     * Case {@code c} moved from queue {@code from} to its queue: each target it has neither met nor
     * missed is decided again by the active release for the new queue, from the opening, and the
     * resolution target keeps the time the case waited on the customer (the span between what the
     * rules decide for the old queue and its due time, counted on its clock). A target the rules set
     * for neither queue differently stays; so do both while the package has no active release. The
     * decisions applied go to the ledger.
     *
     * @return what changed, for the thread: empty when nothing did
     */
    String requeued(EntityManager em, CaseEntity c, String from) {
        CaseProfile profile = profile(c, c.queue);
        List<Decision> before;
        List<Decision> after;
        try {
            before = rules.evaluate(ServiceDecisions.RULE_PACKAGE, List.of(profile(c, from))).decisions();
            after = rules.evaluate(ServiceDecisions.RULE_PACKAGE, List.of(profile)).decisions();
        } catch (RulesUnavailableException unavailable) {
            LOG.warn("Case {} moved to {} with its targets as they were: {}", c.id, c.queue, unavailable.getMessage());
            return "; targets kept (" + unavailable.getMessage() + ")";
        }
        List<Decision> applied = new ArrayList<>(2);
        StringBuilder said = new StringBuilder();
        if (c.firstResponseAt == null && c.firstResponseBreachedAt == null) {
            Target was = earliest(before, ServiceDecisions.FIRST_RESPONSE, c.createdAt);
            Target is = earliest(after, ServiceDecisions.FIRST_RESPONSE, c.createdAt);
            if (is != null && (!same(was, is) || c.firstResponseDue == null)) {
                c.firstResponseDue = is.due();
                c.firstResponseRule = is.decision().rule();
                c.slaRelease = is.decision().release();
                applied.add(is.decision());
                said.append("; first reply due ").append(is.due()).append(" by \"").append(is.decision().rule()).append('"');
            }
        }
        if (c.resolvedAt == null && c.resolutionBreachedAt == null) {
            Target was = earliest(before, ServiceDecisions.RESOLUTION, c.createdAt);
            Target is = earliest(after, ServiceDecisions.RESOLUTION, c.createdAt);
            if (is != null && (!same(was, is) || c.resolutionDue == null)) {
                boolean calendar = ServiceDecisions.CALENDAR.equals(is.decision().attribute(ServiceDecisions.CLOCK));
                Instant due = is.due();
                if (was != null && c.resolutionDue != null && c.resolutionDue.isAfter(was.due())) {
                    due = calendar ? due.plus(Duration.between(was.due(), c.resolutionDue))
                            : hours.plus(due, hours.between(was.due(), c.resolutionDue));
                }
                c.resolutionDue = due;
                c.resolutionRule = is.decision().rule();
                c.resolutionClock = calendar ? ServiceDecisions.CALENDAR : ServiceDecisions.BUSINESS;
                c.slaRelease = is.decision().release();
                applied.add(is.decision());
                said.append("; resolve by ").append(due).append(" by \"").append(is.decision().rule()).append('"');
            }
        }
        if (!applied.isEmpty()) {
            ledger.record(em, applied, profile.toString());
        }
        return said.toString();
    }

    private static boolean same(Target was, Target is) {
        return was != null && was.due().equals(is.due()) && was.decision().rule().equals(is.decision().rule());
    }

    private Target earliest(List<Decision> decisions, String type, Instant start) {
        Target best = null;
        for (Decision d : decisions) {
            if (!d.type().equals(type)) {
                continue;
            }
            Instant due = due(d, start);
            if (due != null && (best == null || due.isBefore(best.due()))) {
                best = new Target(due, d);
            }
        }
        return best;
    }

    /** When a decision's target falls due from {@code start}; null (and a warning) for one without whole hours above 0. */
    Instant due(Decision d, Instant start) {
        long h;
        try {
            h = Long.parseLong(String.valueOf(d.attribute(ServiceDecisions.HOURS)));
        } catch (NumberFormatException e) {
            h = 0;
        }
        if (h <= 0 || h > 24 * 365) {
            LOG.warn("Ignored {}: '{}' is not a whole number of hours from 1 to 8760", d, d.attribute(ServiceDecisions.HOURS));
            return null;
        }
        return ServiceDecisions.CALENDAR.equals(d.attribute(ServiceDecisions.CLOCK)) ? start.plus(Duration.ofHours(h))
                : hours.plus(start, h);
    }
}

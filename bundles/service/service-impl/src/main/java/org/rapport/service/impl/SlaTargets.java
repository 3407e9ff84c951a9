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

    /** Sets the case's targets from its opening; a case stays without targets while the package has no active release. */
    void apply(EntityManager em, CaseEntity c) {
        CaseProfile profile = new CaseProfile(c.id, c.priority.toLowerCase(Locale.ROOT), c.channel, c.queue,
                c.tier);
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

package org.rapport.sales.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.TypedQuery;

import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.sales.api.StalledDeal;
import org.rapport.sales.facts.OpportunityActivity;
import org.rapport.sales.facts.SalesDecisions;

/**
 * Stalled deals: the check evaluates every open opportunity, a page at a time, as an
 * {@link OpportunityActivity} (days since its last stage change, edit or interaction on its
 * contact's timeline) with the {@code sales} rules, and flags those they decide
 * {@code sales.stalled} (since when, by which rule and release, with the decision in the ledger:
 * {@code rules:why opportunity:<id>}); one no rule decides it about any more is cleared. Each page
 * is locked and written in one transaction, so a stage change in between waits for it.
 */
final class StalledDeals {

    static final int PAGE = 500;
    private static final int ATTEMPTS = 5;

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger ledger;
    private final InteractionService interactions;
    private final Clock clock;

    StalledDeals(EntityManagerFactory emf, RulesEngine rules, DecisionLedger ledger, InteractionService interactions,
            Clock clock) {
        this.emf = emf;
        this.rules = rules;
        this.ledger = ledger;
        this.interactions = interactions;
        this.clock = clock;
    }

    /** What one check did. */
    record Outcome(int checked, int flagged, int cleared) {
    }

    /**
     * Checks every open opportunity.
     *
     * @throws org.rapport.rules.api.RulesUnavailableException if the package has no active release
     */
    Outcome check() {
        long after = -1;
        int checked = 0;
        int flagged = 0;
        int cleared = 0;
        while (true) {
            long from = after;
            List<Long> ids = Transactions.read(emf, em -> em.createQuery("select o.id from OpportunityEntity o where "
                    + "o.closedAt is null and o.id > :after order by o.id", Long.class).setParameter("after", from)
                    .setMaxResults(PAGE).getResultList());
            if (ids.isEmpty()) {
                return new Outcome(checked, flagged, cleared);
            }
            long first = ids.get(0);
            long last = ids.get(ids.size() - 1);
            Outcome page = Transactions.retrying(emf, ATTEMPTS, em -> page(em, first, last));
            checked += page.checked();
            flagged += page.flagged();
            cleared += page.cleared();
            after = last;
        }
    }

    private Outcome page(EntityManager em, long first, long last) {
        // Derby takes no FOR UPDATE with ORDER BY: the page's bounds come first, then its rows, locked.
        List<OpportunityEntity> open = new ArrayList<>(em.createQuery("select o from OpportunityEntity o where o.id "
                + "between :first and :last and o.closedAt is null", OpportunityEntity.class)
                .setParameter("first", first).setParameter("last", last)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
        open.sort(Comparator.comparingLong(o -> o.id));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<OpportunityActivity> facts = new ArrayList<>(open.size());
        Map<Long, Instant> latest = new HashMap<>();
        for (OpportunityEntity o : open) {
            Instant activity = lastActivity(o);
            latest.put(o.id, activity);
            facts.add(new OpportunityActivity(o.id, o.stage, (int) Math.max(0, Duration.between(activity, now).toDays()),
                    o.owner));
        }
        Map<String, Decision> stalled = new HashMap<>();
        for (Decision d : rules.evaluate(SalesDecisions.RULE_PACKAGE, facts).decisions()) {
            if (d.type().equals(SalesDecisions.STALLED)) {
                stalled.putIfAbsent(d.subject(), d);
            }
        }
        List<DecisionLedger.Applied> applied = new ArrayList<>();
        int flagged = 0;
        int cleared = 0;
        for (int i = 0; i < open.size(); i++) {
            OpportunityEntity o = open.get(i);
            Decision d = stalled.get(facts.get(i).getSubject());
            o.lastActivityAt = latest.get(o.id);
            if (d != null && o.stalledSince == null) {
                o.stalledSince = now;
                o.stalledRule = d.rule();
                o.stalledRelease = d.release();
                applied.add(new DecisionLedger.Applied(d, facts.get(i).toString()));
                flagged++;
            } else if (d == null && o.stalledSince != null) {
                o.stalledSince = null;
                o.stalledRule = null;
                o.stalledRelease = null;
                cleared++;
            }
        }
        ledger.recordAll(em, applied);
        return new Outcome(open.size(), flagged, cleared);
    }

    /** The latest of its last edit or stage change and the newest interaction on its contact's timeline. */
    private Instant lastActivity(OpportunityEntity o) {
        Instant latest = o.updatedAt;
        if (o.contactId != null) {
            List<Interaction> newest = interactions.timeline(o.contactId, Set.of(), 0, 1);
            if (!newest.isEmpty() && newest.get(0).occurredAt().isAfter(latest)) {
                latest = newest.get(0).occurredAt();
            }
        }
        return latest;
    }

    List<StalledDeal> list(String owner, int offset, int limit) {
        Pipeline.checkPaging(offset, limit);
        return Transactions.read(emf, em -> query(em, "select o", owner, " order by o.stalledSince, o.id",
                OpportunityEntity.class).setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(o -> new StalledDeal(o.toOpportunity(), o.stalledSince, o.lastActivityAt, o.stalledRule,
                        o.stalledRelease))
                .toList());
    }

    long count(String owner) {
        return Transactions.read(emf, em -> query(em, "select count(o)", owner, "", Long.class).getSingleResult());
    }

    private static <T> TypedQuery<T> query(EntityManager em, String select, String owner, String order, Class<T> type) {
        TypedQuery<T> query = em.createQuery(select + " from OpportunityEntity o where o.stalledSince is not null and "
                + "o.closedAt is null" + (owner == null ? "" : " and o.owner = :owner") + order, type);
        return owner == null ? query : query.setParameter("owner", owner);
    }
}

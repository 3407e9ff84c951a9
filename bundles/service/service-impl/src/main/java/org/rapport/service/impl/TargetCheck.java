package org.rapport.service.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.persistence.Transactions;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.Escalation;

/**
 * The SLA check: every active case with a target not yet breached, a page at a time, each page
 * locked and written in one transaction. A target past its due time is breached; one past the
 * warning fraction of the time from opening to due is near. A pending case's resolution target is
 * not checked: its clock is stopped ({@link SlaClock}). Each escalation is raised once (the
 * case keeps when it was raised): an {@code escalation} entry in its thread, then, after the page
 * commits, an audit entry and an Event Admin event ({@link Notices}).
 */
final class TargetCheck {

    static final String ACTOR = "service sla-check";
    private static final int PAGE = 200;
    private static final int ATTEMPTS = 5;
    private static final Set<String> ACTIVE = Set.of(CaseStatus.NEW.name(), CaseStatus.OPEN.name(),
            CaseStatus.PENDING.name());
    private static final String OPEN_TARGET = "c.status in :active and ((c.firstResponseAt is null and "
            + "c.firstResponseDue is not null and c.firstResponseBreachedAt is null) or (c.resolutionDue is not null "
            + "and c.resolutionBreachedAt is null))";

    private final EntityManagerFactory emf;
    private final Notices notices;
    private final double warning;
    private final Clock clock;

    TargetCheck(EntityManagerFactory emf, Notices notices, double warningFraction, Clock clock) {
        if (!(warningFraction > 0 && warningFraction <= 1)) {
            throw new IllegalArgumentException("etc/" + ServiceConfig.PID + ".cfg: warningFraction: " + warningFraction
                    + " is not above 0 and at most 1");
        }
        this.emf = emf;
        this.notices = notices;
        this.warning = warningFraction;
        this.clock = clock;
    }

    /** A raised escalation and the case's contact, for the audit entry. */
    private record Raised(Escalation escalation, Long contactId) {
    }

    List<Escalation> run() {
        List<Escalation> raised = new ArrayList<>();
        long after = -1;
        while (true) {
            long from = after;
            List<Long> ids = Transactions.read(emf, em -> em.createQuery("select c.id from CaseEntity c where c.id > :after "
                    + "and " + OPEN_TARGET + " order by c.id", Long.class).setParameter("after", from)
                    .setParameter("active", ACTIVE).setMaxResults(PAGE).getResultList());
            if (ids.isEmpty()) {
                return raised;
            }
            long first = ids.get(0);
            long last = ids.get(ids.size() - 1);
            List<Raised> page = Transactions.retrying(emf, ATTEMPTS, em -> page(em, first, last));
            for (Raised r : page) {
                notices.escalated(r.escalation(), r.contactId(), ACTOR);
                raised.add(r.escalation());
            }
            after = last;
        }
    }

    private List<Raised> page(EntityManager em, long first, long last) {
        // Derby takes no FOR UPDATE with ORDER BY: the page's bounds come first, then its rows, locked.
        List<CaseEntity> cases = new ArrayList<>(em.createQuery("select c from CaseEntity c where c.id between :first "
                + "and :last and " + OPEN_TARGET, CaseEntity.class).setParameter("first", first).setParameter("last", last)
                .setParameter("active", ACTIVE).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
        cases.sort(Comparator.comparingLong(c -> c.id));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Raised> raised = new ArrayList<>();
        for (CaseEntity c : cases) {
            if (c.firstResponseAt == null && c.firstResponseDue != null) {
                if (!now.isBefore(c.firstResponseDue) && c.firstResponseBreachedAt == null) {
                    c.firstResponseBreachedAt = now;
                    raised.add(raise(em, c, "first-response-breach", c.firstResponseDue, c.firstResponseRule, now));
                } else if (near(c, c.firstResponseDue, now) && c.firstResponseWarnedAt == null
                        && c.firstResponseBreachedAt == null) {
                    c.firstResponseWarnedAt = now;
                    raised.add(raise(em, c, "first-response-warning", c.firstResponseDue, c.firstResponseRule, now));
                }
            }
            if (c.resolutionDue != null && c.status() != CaseStatus.PENDING) {
                if (!now.isBefore(c.resolutionDue) && c.resolutionBreachedAt == null) {
                    c.resolutionBreachedAt = now;
                    raised.add(raise(em, c, "resolution-breach", c.resolutionDue, c.resolutionRule, now));
                } else if (near(c, c.resolutionDue, now) && c.resolutionWarnedAt == null && c.resolutionBreachedAt == null) {
                    c.resolutionWarnedAt = now;
                    raised.add(raise(em, c, "resolution-warning", c.resolutionDue, c.resolutionRule, now));
                }
            }
        }
        return raised;
    }

    private boolean near(CaseEntity c, Instant due, Instant now) {
        long span = Duration.between(c.createdAt, due).toMillis();
        return !now.isBefore(c.createdAt.plusMillis((long) (span * warning)));
    }

    private static Raised raise(EntityManager em, CaseEntity c, String kind, Instant due, String rule, Instant now) {
        String what = kind.endsWith("breach") ? "missed" : "near";
        em.persist(new CaseEntryEntity(c.id, EntryKind.ESCALATION, ACTOR, kind + ": the " + (kind.startsWith("first")
                ? "first response" : "resolution") + " target is " + what + ", due " + due + " (by \"" + rule + "\")", now));
        return new Raised(new Escalation(c.id, kind, due, c.queue, c.assignee), c.contactId);
    }
}

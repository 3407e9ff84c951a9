package org.rapport.service.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.rapport.persistence.Transactions;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.QueueFigures;

/**
 * The figures of each queue over the cases opened in a period: every configured queue, then any
 * other a case is still in. Read as one row of times per case and summed here, so that the
 * durations do not depend on the database's date arithmetic; the satisfaction surveys' scores of
 * those cases as one row per answer. The time a case waited on the customer (pending) is not
 * counted in its time to resolution.
 */
final class QueueFigureCount {

    private QueueFigureCount() {
    }

    /** One queue's sums while counting. */
    private static final class Sums {
        long opened;
        long open;
        long responded;
        long responseMillis;
        long resolved;
        long resolutionMillis;
        long withTargets;
        long met;
        long csatAnswers;
        long csatSum;

        void add(Object[] row) {
            CaseStatus status = CaseStatus.valueOf((String) row[1]);
            Instant created = (Instant) row[2];
            Instant firstResponse = (Instant) row[3];
            Instant resolvedAt = (Instant) row[4];
            Instant firstDue = (Instant) row[5];
            Instant resolutionDue = (Instant) row[6];
            long paused = row[7] == null ? 0 : ((Number) row[7]).longValue();
            opened++;
            if (status.active()) {
                open++;
            }
            if (firstResponse != null) {
                responded++;
                responseMillis += Duration.between(created, firstResponse).toMillis();
            }
            if (resolvedAt != null) {
                resolved++;
                resolutionMillis += Math.max(0, Duration.between(created, resolvedAt).toMillis() - paused);
                if (firstDue != null && resolutionDue != null) {
                    withTargets++;
                    Instant answered = firstResponse != null ? firstResponse : resolvedAt;
                    if (!answered.isAfter(firstDue) && !resolvedAt.isAfter(resolutionDue)) {
                        met++;
                    }
                }
            }
        }

        QueueFigures figures(String queue) {
            return new QueueFigures(queue, opened, open, responded == 0 ? null : minutes(responseMillis, responded),
                    resolved == 0 ? null : minutes(resolutionMillis, resolved), resolved,
                    withTargets == 0 ? null : Math.round(1000.0 * met / withTargets) / 1000.0, csatAnswers,
                    csatAnswers == 0 ? null : Math.round(100.0 * csatSum / csatAnswers) / 100.0);
        }

        private static double minutes(long millis, long count) {
            return Math.round(millis / 6000.0 / count) / 10.0;
        }
    }

    /** The longest period figures are counted over, as the decisions' activity allows. */
    static final Duration MAX_PERIOD = Duration.ofDays(731);

    /** The figures over {@code from} to {@code to}, refused naming {@code from} unless a period of at most {@link #MAX_PERIOD}. */
    static List<QueueFigures> count(EntityManagerFactory emf, List<String> queues, Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw CaseValidationException.of("from", "the period's start must come before its end");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            // Also keeps the bounds within what the database holds (a year 9999's last day ends in year 10000).
            throw CaseValidationException.of("from", "a period is at most " + MAX_PERIOD.toDays() + " days; "
                    + from + " to " + to + " is longer");
        }
        Map<String, Sums> byQueue = new LinkedHashMap<>();
        queues.forEach(q -> byQueue.put(q, new Sums()));
        Transactions.read(emf, em -> {
            em.createQuery("select c.queue, c.status, c.createdAt, c.firstResponseAt, c.resolvedAt, c.firstResponseDue, "
                    + "c.resolutionDue, c.pausedMillis from CaseEntity c where c.createdAt >= :from and c.createdAt < :to",
                    Object[].class)
                    .setParameter("from", from).setParameter("to", to).getResultList()
                    .forEach(row -> byQueue.computeIfAbsent((String) row[0], q -> new Sums()).add(row));
            em.createQuery("select c.queue, s.score from SurveyEntity s, CaseEntity c where s.caseId = c.id and "
                    + "s.score is not null and c.createdAt >= :from and c.createdAt < :to", Object[].class)
                    .setParameter("from", from).setParameter("to", to).getResultList().forEach(row -> {
                        Sums sums = byQueue.computeIfAbsent((String) row[0], q -> new Sums());
                        sums.csatAnswers++;
                        sums.csatSum += ((Number) row[1]).longValue();
                    });
            return null;
        });
        List<QueueFigures> figures = new ArrayList<>();
        byQueue.forEach((queue, sums) -> figures.add(sums.figures(queue)));
        return figures;
    }
}

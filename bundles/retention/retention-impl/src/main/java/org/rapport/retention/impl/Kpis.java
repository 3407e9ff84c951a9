package org.rapport.retention.impl;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.rapport.retention.api.EpisodeOutcome;
import org.rapport.retention.api.FeedbackKind;
import org.rapport.retention.api.KpiRow;

/**
 * Retention figures per period, computed in the database from the monthly purchase counts, the
 * episodes and the feedback. A customer counts as active at a moment when they bought in the
 * twelve calendar months before it; per-tier rows use each customer's tier at their last
 * evaluation (episodes: their tier when the episode opened).
 */
final class Kpis {

    static final int MAX_PERIODS = 120;

    private Kpis() {
    }

    static List<KpiRow> rows(EntityManager em, YearMonth from, YearMonth to, boolean quarters) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("from and to are required, as yyyy-MM");
        }
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        YearMonth start = quarters ? from.minusMonths((from.getMonthValue() - 1) % 3) : from;
        int step = quarters ? 3 : 1;
        if (ChronoUnit.MONTHS.between(start, to) / step + 1 > MAX_PERIODS) {
            throw new IllegalArgumentException("at most " + MAX_PERIODS + " periods at a time");
        }
        List<String> tiers = em.createQuery("select distinct p.tier from ProfileEntity p where p.tier is not null "
                + "order by p.tier", String.class).getResultList();
        List<KpiRow> rows = new ArrayList<>();
        for (YearMonth period = start; !period.isAfter(to); period = period.plusMonths(step)) {
            String name = quarters ? period.getYear() + "-Q" + ((period.getMonthValue() - 1) / 3 + 1) : period.toString();
            YearMonth end = period.plusMonths(step);
            rows.add(row(em, name, null, period, end));
            for (String tier : tiers) {
                rows.add(row(em, name, tier, period, end));
            }
        }
        return rows;
    }

    private static KpiRow row(EntityManager em, String name, String tier, YearMonth start, YearMonth end) {
        String ofTier = tier == null ? "" : " and exists (select p.contactId from ProfileEntity p where p.contactId = m.contactId "
                + "and p.tier = :tier)";
        long active = count(em.createQuery("select count(distinct m.contactId) from MonthEntity m where m.purchases > 0 "
                + "and m.month >= :s0 and m.month < :s1" + ofTier, Long.class), tier, start, end, false);
        long retained = count(em.createQuery("select count(distinct m.contactId) from MonthEntity m where m.purchases > 0 "
                + "and m.month >= :s0 and m.month < :s1 and exists (select n.id from MonthEntity n where n.contactId = "
                + "m.contactId and n.purchases > 0 and n.month >= :e0 and n.month < :e1)" + ofTier, Long.class),
                tier, start, end, true);
        Instant startAt = start.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant endAt = end.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String episodesOfTier = tier == null ? "" : " and e.tier = :tier";
        long atRisk = tiered(em.createQuery("select count(e) from EpisodeEntity e where e.openedAt < :end "
                + "and (e.closedAt is null or e.closedAt >= :end)" + episodesOfTier, Long.class), tier)
                .setParameter("end", endAt).getSingleResult();
        long opened = tiered(em.createQuery("select count(e) from EpisodeEntity e where e.openedAt >= :start "
                + "and e.openedAt < :end" + episodesOfTier, Long.class), tier)
                .setParameter("start", startAt).setParameter("end", endAt).getSingleResult();
        long wonBack = tiered(em.createQuery("select count(e) from EpisodeEntity e where e.openedAt >= :start "
                + "and e.openedAt < :end and e.outcome = :won" + episodesOfTier, Long.class), tier)
                .setParameter("start", startAt).setParameter("end", endAt)
                .setParameter("won", EpisodeOutcome.WON_BACK).getSingleResult();
        String feedbackOfTier = tier == null ? "" : " and exists (select p.contactId from ProfileEntity p "
                + "where p.contactId = f.contactId and p.tier = :tier)";
        Object[] nps = tiered(em.createQuery("select count(f), sum(case when f.score >= 9 then 1 else 0 end), "
                + "sum(case when f.score <= 6 then 1 else 0 end) from FeedbackEntity f where f.kind = :nps "
                + "and f.occurredAt >= :start and f.occurredAt < :end" + feedbackOfTier, Object[].class), tier)
                .setParameter("nps", FeedbackKind.NPS).setParameter("start", startAt).setParameter("end", endAt)
                .getSingleResult();
        long answers = ((Number) nps[0]).longValue();
        Integer score = answers == 0 ? null : (int) Math.round(100.0
                * (((Number) nps[1]).longValue() - ((Number) nps[2]).longValue()) / answers);
        Double retention = active == 0 ? null : (double) retained / active;
        return new KpiRow(name, tier == null ? "all" : tier, active, retained, retention,
                retention == null ? null : 1 - retention, atRisk, opened, wonBack,
                opened == 0 ? null : (double) wonBack / opened, answers, score);
    }

    /** Counts customers active in the twelve months before {@code start} (and, with {@code retained}, before {@code end}). */
    private static long count(TypedQuery<Long> query, String tier, YearMonth start, YearMonth end, boolean retained) {
        query.setParameter("s0", Touch.month(start.minusMonths(12))).setParameter("s1", Touch.month(start));
        if (retained) {
            query.setParameter("e0", Touch.month(end.minusMonths(12))).setParameter("e1", Touch.month(end));
        }
        return tiered(query, tier).getSingleResult();
    }

    private static <T> TypedQuery<T> tiered(TypedQuery<T> query, String tier) {
        return tier == null ? query : query.setParameter("tier", tier);
    }
}

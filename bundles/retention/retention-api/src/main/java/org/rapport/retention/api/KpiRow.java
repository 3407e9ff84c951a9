package org.rapport.retention.api;

/**
 * Retention figures for one period and one tier ({@code all} for every customer). A customer is
 * active when they bought in the twelve months before a moment; the customers active at the
 * period's start who are still active at its end are retained, the others churned.
 *
 * @param period {@code 2026-10} for a month, {@code 2026-Q4} for a quarter
 * @param retentionRate retained / active at start, 0 to 1; null with nobody active at start
 * @param churnRate 1 - retentionRate; null with nobody active at start
 * @param atRisk episodes open at the period's end
 * @param episodesOpened episodes opened in the period
 * @param wonBack of those, how many ended with a purchase
 * @param winBackRate wonBack / episodesOpened; null when none opened
 * @param nps promoters (9-10) minus detractors (0-6), in percent of the answers; null without answers
 */
public record KpiRow(String period, String tier, long activeAtStart, long retained, Double retentionRate,
        Double churnRate, long atRisk, long episodesOpened, long wonBack, Double winBackRate, long npsAnswers,
        Integer nps) {
}

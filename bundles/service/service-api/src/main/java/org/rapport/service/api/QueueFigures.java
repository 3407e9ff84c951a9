package org.rapport.service.api;

/**
 * A queue's figures over the cases opened in a period: how many are still open (new, open or
 * pending), the mean minutes to the first reply and to resolution, the share of the resolved
 * cases that met both of their targets (null when none was resolved with targets), and the
 * satisfaction survey's answers about them with their mean score from 1 to 5 ({@code csat}, null
 * without answers; 1.2).
 */
public record QueueFigures(String queue, long opened, long open, Double firstResponseMinutes,
        Double resolutionMinutes, long resolved, Double slaMetShare, long csatAnswers, Double csat) {

    /** Figures without survey answers, as before 1.2. */
    public QueueFigures(String queue, long opened, long open, Double firstResponseMinutes, Double resolutionMinutes,
            long resolved, Double slaMetShare) {
        this(queue, opened, open, firstResponseMinutes, resolutionMinutes, resolved, slaMetShare, 0, null);
    }
}

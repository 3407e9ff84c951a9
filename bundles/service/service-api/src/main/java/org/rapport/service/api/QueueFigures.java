package org.rapport.service.api;

/**
 * A queue's figures over the cases opened in a period: how many are still open (new, open or
 * pending), the mean minutes to the first reply and to resolution, and the share of the resolved
 * cases that met both of their targets (null when none was resolved with targets).
 */
public record QueueFigures(String queue, long opened, long open, Double firstResponseMinutes,
        Double resolutionMinutes, long resolved, Double slaMetShare) {
}

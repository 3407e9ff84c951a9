package org.rapport.service.impl;

import java.time.Duration;
import java.time.Instant;

import org.rapport.service.api.CaseStatus;
import org.rapport.service.facts.ServiceDecisions;

/**
 * The resolution clock stops while a case waits on the customer: a case that becomes pending keeps
 * when; when it stops waiting (the customer writes, an agent moves it on), the time it waited goes to
 * its paused total and its resolution due time moves on by that time, counted as its target counts
 * (business hours, holidays excluded, or calendar hours). A target already breached stays where it
 * was. The SLA check raises no resolution warning or breach while a case is pending.
 */
final class SlaClock {

    private final BusinessHours hours;

    SlaClock(BusinessHours hours) {
        this.hours = hours;
    }

    /** Case {@code c} moves from {@code from} to its current status at {@code now}. */
    void moved(CaseEntity c, CaseStatus from, Instant now) {
        CaseStatus to = c.status();
        if (to == CaseStatus.PENDING && from != CaseStatus.PENDING) {
            c.pendingSince = now;
        } else if (from == CaseStatus.PENDING && to != CaseStatus.PENDING && c.pendingSince != null) {
            Duration waited = Duration.between(c.pendingSince, now);
            c.pausedMillis = (c.pausedMillis == null ? 0 : c.pausedMillis) + Math.max(0, waited.toMillis());
            // Only a clock still running stops: a case already past its due time when it began to wait stays late,
            // whether or not the check has noticed the breach yet.
            if (c.resolutionDue != null && c.resolutionBreachedAt == null && c.resolutionDue.isAfter(c.pendingSince)) {
                c.resolutionDue = ServiceDecisions.CALENDAR.equals(c.resolutionClock) ? c.resolutionDue.plus(waited)
                        : hours.plus(c.resolutionDue, hours.between(c.pendingSince, now));
            }
            c.pendingSince = null;
        }
    }
}

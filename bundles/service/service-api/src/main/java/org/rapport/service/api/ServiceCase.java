package org.rapport.service.api;

import java.time.Instant;

/**
 * A support case. Its targets come from the {@code service} rules when it is opened (and again
 * when its priority changes): the rule and release that set each are named, and the decision is in
 * the ledger under {@link #decisionSubject()}.
 *
 * @param contactId the customer, or null once the contact was erased
 * @param tier the customer's loyalty tier when the targets were decided, or null
 * @param firstResponseDue when the first reply is due, or null while no rule set a target
 * @param resolutionDue when the case must be resolved, or null while no rule set a target
 * @param firstResponseAt when an agent first replied, or null
 * @param resolvedAt when it was last resolved, or null
 */
public record ServiceCase(long id, String subject, Long contactId, String channel, CasePriority priority, String queue,
        String assignee, CaseStatus status, String tier, Instant firstResponseDue, String firstResponseRule,
        Instant resolutionDue, String resolutionRule, Long slaRelease, Instant firstResponseAt, Instant resolvedAt,
        Instant closedAt, String createdBy, Instant createdAt, Instant updatedAt) {

    /** {@code case:<id>}, the subject of the rules' decisions about the case ({@code rules:why case:<id>}). */
    public String decisionSubject() {
        return decisionSubject(id);
    }

    /** {@code case:<id>}. */
    public static String decisionSubject(long caseId) {
        return "case:" + caseId;
    }
}

package org.rapport.service.api;

/** The OSGi Event Admin events the service desk posts, for other bundles and plugins to act on. */
public final class CaseEvents {

    /** Posted once for each escalation the SLA check raises. */
    public static final String ESCALATED = "org/rapport/service/case/ESCALATED";
    /** Property: the case's id (Long). */
    public static final String CASE_ID = "case.id";
    /** Property: what was missed or is about to be ({@link Escalation#kind()}, String). */
    public static final String KIND = "case.escalation";
    /** Property: when the target is due (ISO-8601 String). */
    public static final String DUE = "case.due";
    /** Property: the case's queue (String). */
    public static final String QUEUE = "case.queue";
    /** Property: the case's assignee, absent when it has none (String). */
    public static final String ASSIGNEE = "case.assignee";

    private CaseEvents() {
    }
}

package org.rapport.service.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Support cases: opened for a contact with the customer's first message, worked by agents
 * (assign, reply, note, resolve, close, reopen), each entry also on the contact's timeline, with
 * first-response and resolution targets from the {@code service} rules in business hours.
 * Every method refuses bad input with a {@link CaseValidationException} naming each field, and
 * a move the case's status does not allow with one naming {@code status}.
 *
 * <p>{@code actor}, in every method, is the user or system acting, for the thread and the records.
 */
@ProviderType
public interface CaseService {

    /** Opens a case with the customer's message as its first entry, and sets its targets. */
    ServiceCase open(NewCase newCase, String actor);

    Optional<ServiceCase> find(long caseId);

    /** The case's thread, oldest first. */
    List<CaseEntry> thread(long caseId);

    /** Cases matching the query, newest first. */
    List<ServiceCase> list(CaseQuery query, int offset, int limit);

    long count(CaseQuery query);

    /** The queues cases may be in, as configured; the first is the default. */
    List<String> queues();

    /** A message from the customer: a pending or resolved case is open again. Refused on a closed case. */
    CaseEntry message(long caseId, String text, String actor);

    /**
     * An agent's reply: the first one meets the first-response target and opens a new case. Where
     * the platform has an outbox for customers, the reply is also sent to the contact on the case's
     * channel; the entry answered tells its message and delivery ({@link CaseEntry#delivery()}).
     */
    CaseEntry reply(long caseId, String text, String actor);

    /** An internal note. */
    CaseEntry note(long caseId, String text, String actor);

    /** Gives the case to a user (null or blank: to nobody); a new case is opened by it. */
    ServiceCase assign(long caseId, String assignee, String actor);

    /**
     * Moves the case to another of the {@link #queues()} (since 1.4): a change entry in its thread and an
     * audit entry ({@code case.moved}); its messages and replies go with it (kept to the new queue's
     * readers), and the targets it has not met nor missed yet are decided again by the {@code service}
     * rules for the new queue, from its opening. Moving it to the queue it is in changes nothing.
     *
     * @throws CaseValidationException naming {@code queue} (missing, or not a queue), {@code status} (a
     *         closed case stays where it is) or {@code assignee} (the assignee may not work the new queue)
     */
    ServiceCase move(long caseId, String queue, String actor);

    /** Moves the case to {@code status}, if its status allows: resolve, close, reopen, pending. */
    ServiceCase transition(long caseId, CaseStatus status, String actor);

    /**
     * Finds every active case that missed a target or is near one and raises each such escalation
     * once: an entry in its thread, an audit entry and an {@link CaseEvents#ESCALATED} event.
     *
     * @return the escalations raised now (none already raised before)
     */
    List<Escalation> checkTargets();

    /** The figures of each queue over the cases opened from {@code from} (inclusive) to {@code to} (exclusive). */
    List<QueueFigures> figures(Instant from, Instant to);
}

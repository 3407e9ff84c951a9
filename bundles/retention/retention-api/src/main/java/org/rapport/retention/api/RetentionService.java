package org.rapport.retention.api;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.rapport.retention.facts.CustomerActivity;

/**
 * Customers at risk and what is done about them. Touchpoints arrive as they are recorded (every
 * interaction on a contact's timeline), and complaints, feedback and support cases have the
 * customer evaluated at once; the daily {@link RetentionSweep} evaluates everyone.
 */
@ProviderType
public interface RetentionService {

    /** The most items one page holds. */
    int MAX_PAGE = 500;

    /** The customer's activity as the rules see it now; empty for a contact without touchpoints. */
    Optional<CustomerActivity> activity(long contactId);

    /**
     * Evaluates the customer against the active {@code retention} rules and applies what they
     * decide: new episodes with their actions, and episodes that no longer hold closed.
     *
     * @return the episodes it opened
     */
    List<Episode> evaluate(long contactId, String requester);

    /**
     * Builds the customer's activity again from their whole timeline, for touchpoints recorded
     * before retention was installed or while it was stopped. Episodes stay as they are; the next
     * evaluation reads the rebuilt activity.
     *
     * @return how many touchpoints were read
     */
    int rebuild(long contactId);

    /** Open episodes, newest first, of customers in {@code tier} (every tier when null). */
    List<Episode> atRisk(String tier, int offset, int limit);

    long countAtRisk(String tier);

    /** Every episode of one customer, newest first. */
    List<Episode> episodes(long contactId);

    /** Every task about one customer, open or closed, newest first. */
    List<Task> tasks(long contactId);

    /** Tasks, by due date, in one status and queue (every one when null). */
    List<Task> tasks(TaskStatus status, String queue, int offset, int limit);

    /** How many tasks {@link #tasks(TaskStatus, String, int, int)} pages through. */
    long countTasks(TaskStatus status, String queue);

    /**
     * Changes a task: its status, who works on it, a note.
     *
     * @throws IllegalArgumentException if there is no such task
     */
    Task updateTask(long id, TaskStatus status, String assignee, String note, String actor);

    /**
     * Records a survey answer or comment; it lands on the timeline and the customer is evaluated.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    Feedback recordFeedback(NewFeedback feedback, String source);

    /** A customer's feedback, newest first. */
    List<Feedback> feedback(long contactId);

    /**
     * Retention figures for every period from {@code from} to {@code to} (months, inclusive), for
     * every customer and per tier.
     *
     * @param quarters whole quarters instead of months
     * @throws IllegalArgumentException if {@code from} is after {@code to}, or for more than 120 periods
     */
    List<KpiRow> kpis(YearMonth from, YearMonth to, boolean quarters);
}

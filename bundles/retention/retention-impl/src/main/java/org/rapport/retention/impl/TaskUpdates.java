package org.rapport.retention.impl;

import java.time.Clock;
import java.util.Locale;

import javax.persistence.EntityManagerFactory;

import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.retention.api.Task;
import org.rapport.retention.api.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Changes a retention task by hand: its status, assignee or note; each change is audited. */
final class TaskUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(TaskUpdates.class);

    private final EntityManagerFactory emf;
    private final AuditTrail audit;
    private final Clock clock;

    TaskUpdates(EntityManagerFactory emf, AuditTrail audit, Clock clock) {
        this.emf = emf;
        this.audit = audit;
        this.clock = clock;
    }

    Task update(long id, TaskStatus status, String assignee, String note, String actor) {
        Task[] before = new Task[1];
        Task task = Transactions.inTransaction(emf, em -> {
            TaskEntity t = em.find(TaskEntity.class, id);
            if (t == null) {
                throw new IllegalArgumentException("task " + id + " does not exist");
            }
            before[0] = t.toTask();
            if (assignee != null) {
                t.assignee = Columns.optional("assignee", assignee, 120);
            }
            if (note != null) {
                t.note = Columns.optional("note", note, 2000);
            }
            if (status != null && status != t.status) {
                t.status = status;
                t.closedAt = status == TaskStatus.OPEN ? null : clock.instant();
            }
            return t.toTask();
        });
        LOG.info("Retention task {} of contact {} is {} ({}), by {}", id, task.contactId(),
                task.status().name().toLowerCase(Locale.ROOT), task.assignee(), actor);
        audit.record(actor, "retention.task", "task " + id, task.contactId(), describe(before[0]), describe(task));
        return task;
    }

    private static String describe(Task t) {
        return t.status().name().toLowerCase(Locale.ROOT) + (t.assignee() == null ? "" : ", with " + t.assignee())
                + (t.note() == null ? "" : ", note: " + t.note());
    }
}

package org.rapport.retention.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.retention.api.Task;
import org.rapport.retention.api.TaskStatus;

/** A task for an agent. */
@Entity
@Table(name = "RETENTION_TASK", indexes = @Index(name = "IX_RETENTION_TASK_DUE", columnList = "STATUS,DUE_AT"))
class TaskEntity {

    @Id
    @TableGenerator(name = "RETENTION_TASK_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "RETENTION_TASK", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "RETENTION_TASK_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "EPISODE_ID", nullable = false)
    long episodeId;

    @Column(name = "CONTACT_ID", nullable = false)
    long contactId;

    @Column(name = "TITLE", nullable = false, length = 300)
    String title;

    @Column(name = "QUEUE_NAME", nullable = false, length = 60)
    String queue;

    @Column(name = "ASSIGNEE", length = 120)
    String assignee;

    @Column(name = "DUE_AT", nullable = false)
    Instant dueAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false, length = 10)
    TaskStatus status;

    @Column(name = "NOTE", length = 2000)
    String note;

    @Column(name = "RULE_NAME", nullable = false, length = 200)
    String rule;

    @Column(name = "CREATED_AT", nullable = false)
    Instant createdAt;

    @Column(name = "CLOSED_AT")
    Instant closedAt;

    protected TaskEntity() {
    }

    TaskEntity(long episodeId, long contactId, String title, String queue, Instant dueAt, String rule, Instant now) {
        this.episodeId = episodeId;
        this.contactId = contactId;
        this.title = title;
        this.queue = queue;
        this.dueAt = dueAt;
        this.rule = rule;
        this.status = TaskStatus.OPEN;
        this.createdAt = now;
    }

    Task toTask() {
        return new Task(id, episodeId, contactId, title, queue, assignee, dueAt, status, note, rule, createdAt, closedAt);
    }
}

package org.rapport.service.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.Column;
import javax.persistence.EntityManager;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.LockModeType;
import javax.persistence.Table;
import javax.persistence.TableGenerator;
import javax.persistence.TypedQuery;

import org.rapport.service.api.CasePriority;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.ServiceCase;

/** A case, as stored in {@code SERVICE_CASE}. The fields are the bundle's own: read and set in this package. */
@Entity
@Table(name = "SERVICE_CASE", indexes = {@Index(name = "IX_SERVICE_CASE_STATUS", columnList = "STATUS,ID"),
        @Index(name = "IX_SERVICE_CASE_CONTACT", columnList = "CONTACT_ID"),
        @Index(name = "IX_SERVICE_CASE_QUEUE", columnList = "QUEUE,CREATED_AT")})
class CaseEntity {

    @Id
    @TableGenerator(name = "SERVICE_CASE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "SERVICE_CASE", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "SERVICE_CASE_ID")
    @Column(name = "ID")
    long id;

    @Column(name = "SUBJECT", nullable = false, length = 200)
    String subject;

    @Column(name = "CONTACT_ID")
    Long contactId;

    @Column(name = "CHANNEL", nullable = false, length = 20)
    String channel;

    @Column(name = "PRIORITY", nullable = false, length = 10)
    String priority;

    @Column(name = "QUEUE", nullable = false, length = 40)
    String queue;

    @Column(name = "ASSIGNEE", length = 120)
    String assignee;

    @Column(name = "STATUS", nullable = false, length = 10)
    String status;

    @Column(name = "TIER", length = 40)
    String tier;

    @Column(name = "FIRST_RESPONSE_DUE")
    Instant firstResponseDue;

    @Column(name = "FIRST_RESPONSE_RULE", length = 200)
    String firstResponseRule;

    @Column(name = "RESOLUTION_DUE")
    Instant resolutionDue;

    @Column(name = "RESOLUTION_RULE", length = 200)
    String resolutionRule;

    @Column(name = "SLA_RELEASE")
    Long slaRelease;

    @Column(name = "FIRST_RESPONSE_AT")
    Instant firstResponseAt;

    @Column(name = "RESOLVED_AT")
    Instant resolvedAt;

    @Column(name = "CLOSED_AT")
    Instant closedAt;

    /** When the SLA check raised each escalation: it raises each one once. */
    @Column(name = "FIRST_RESPONSE_WARNED_AT")
    Instant firstResponseWarnedAt;

    @Column(name = "FIRST_RESPONSE_BREACHED_AT")
    Instant firstResponseBreachedAt;

    @Column(name = "RESOLUTION_WARNED_AT")
    Instant resolutionWarnedAt;

    @Column(name = "RESOLUTION_BREACHED_AT")
    Instant resolutionBreachedAt;

    /** Since when the case waits on the customer (pending): its resolution clock is stopped. */
    @Column(name = "PENDING_SINCE")
    Instant pendingSince;

    /** How long the case has waited on the customer in all, not counted towards its resolution. */
    @Column(name = "PAUSED_MILLIS")
    Long pausedMillis;

    /** Whether the resolution target counts {@code business} or {@code calendar} hours. */
    @Column(name = "RESOLUTION_CLOCK", length = 10)
    String resolutionClock;

    @Column(name = "CREATED_BY", nullable = false, length = 120)
    String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    Instant updatedAt;

    protected CaseEntity() {
    }

    CaseEntity(Instant now, String createdBy) {
        this.createdAt = now;
        this.updatedAt = now;
        this.createdBy = createdBy;
        this.status = CaseStatus.NEW.name();
    }

    /** The case, locked for writing; refused as not found when there is none. */
    static CaseEntity locked(EntityManager em, long caseId) {
        CaseEntity c = em.find(CaseEntity.class, caseId, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw CaseValidationException.notFound(caseId);
        }
        return c;
    }

    CaseStatus status() {
        return CaseStatus.valueOf(status);
    }

    ServiceCase toCase() {
        return new ServiceCase(id, subject, contactId, channel, CasePriority.valueOf(priority), queue, assignee, status(),
                tier, firstResponseDue, firstResponseRule, resolutionDue, resolutionRule, slaRelease, firstResponseAt,
                resolvedAt, closedAt, createdBy, createdAt, updatedAt);
    }

    /** The cases matching {@code q} but in no {@code hidden} queue: {@code select} and {@code order} around the where clause. */
    static <T> TypedQuery<T> query(EntityManager em, String select, CaseQuery q, Set<String> hidden, String order,
            Class<T> type) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (q.status() != null) {
            values.put("status", q.status().name());
        }
        if (q.queue() != null) {
            values.put("queue", q.queue());
        }
        if (q.assignee() != null) {
            values.put("assignee", q.assignee());
        }
        if (q.contactId() != null) {
            values.put("contactId", q.contactId());
        }
        if (q.priority() != null) {
            values.put("priority", q.priority().name());
        }
        List<String> where = new ArrayList<>();
        values.keySet().forEach(field -> where.add("c." + field + " = :" + field));
        if (!hidden.isEmpty()) {
            where.add("c.queue not in :hidden");
            values.put("hidden", hidden);
        }
        TypedQuery<T> query = em.createQuery(select + " from CaseEntity c" + (where.isEmpty() ? "" : " where "
                + String.join(" and ", where)) + order, type);
        values.forEach(query::setParameter);
        return query;
    }
}

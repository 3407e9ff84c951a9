package org.rapport.retention.impl;

import static org.rapport.retention.api.RetentionService.MAX_PAGE;

import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.rapport.persistence.Transactions;
import org.rapport.retention.api.Episode;
import org.rapport.retention.api.EpisodeOutcome;
import org.rapport.retention.api.Feedback;
import org.rapport.retention.api.Task;
import org.rapport.retention.api.TaskStatus;

/** Reads episodes, tasks and feedback: a customer's, or a page of all those open. */
final class RetentionReads {

    private final EntityManagerFactory emf;

    RetentionReads(EntityManagerFactory emf) {
        this.emf = emf;
    }

    List<Episode> atRisk(String tier, int offset, int limit) {
        page(offset, limit);
        return Transactions.read(emf, em -> openEpisodes(em, "select e", tier, " order by e.openedAt desc, e.id desc",
                EpisodeEntity.class).setFirstResult(offset).setMaxResults(limit).getResultStream()
                .map(EpisodeEntity::toEpisode).toList());
    }

    long countAtRisk(String tier) {
        return Transactions.read(emf, em -> openEpisodes(em, "select count(e)", tier, "", Long.class).getSingleResult());
    }

    private static <T> TypedQuery<T> openEpisodes(EntityManager em, String select, String tier, String order,
            Class<T> type) {
        TypedQuery<T> query = em.createQuery(select + " from EpisodeEntity e where e.outcome = :open"
                + (tier == null ? "" : " and e.tier = :tier") + order, type).setParameter("open", EpisodeOutcome.OPEN);
        return tier == null ? query : query.setParameter("tier", tier);
    }

    List<Episode> episodes(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select e from EpisodeEntity e where e.contactId = :c "
                + "order by e.openedAt desc, e.id desc", EpisodeEntity.class).setParameter("c", contactId).getResultStream()
                .map(EpisodeEntity::toEpisode).toList());
    }

    List<Task> tasks(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select t from TaskEntity t where t.contactId = :c "
                + "order by t.id desc", TaskEntity.class).setParameter("c", contactId).getResultStream()
                .map(TaskEntity::toTask).toList());
    }

    List<Task> tasks(TaskStatus status, String queue, int offset, int limit) {
        page(offset, limit);
        return Transactions.read(emf, em -> {
            TypedQuery<TaskEntity> query = em.createQuery("select t from TaskEntity t where 1 = 1"
                    + (status == null ? "" : " and t.status = :status") + (queue == null ? "" : " and t.queue = :queue")
                    + " order by t.dueAt, t.id", TaskEntity.class);
            if (status != null) {
                query.setParameter("status", status);
            }
            if (queue != null) {
                query.setParameter("queue", queue);
            }
            return query.setFirstResult(offset).setMaxResults(limit).getResultStream().map(TaskEntity::toTask).toList();
        });
    }

    long countTasks(TaskStatus status, String queue) {
        return Transactions.read(emf, em -> {
            TypedQuery<Long> query = em.createQuery("select count(t) from TaskEntity t where 1 = 1"
                    + (status == null ? "" : " and t.status = :status") + (queue == null ? "" : " and t.queue = :queue"),
                    Long.class);
            if (status != null) {
                query.setParameter("status", status);
            }
            if (queue != null) {
                query.setParameter("queue", queue);
            }
            return query.getSingleResult();
        });
    }

    List<Feedback> feedback(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select f from FeedbackEntity f where f.contactId = :c "
                + "order by f.occurredAt desc, f.id desc", FeedbackEntity.class).setParameter("c", contactId)
                .getResultStream().map(FeedbackEntity::toFeedback).toList());
    }

    private static void page(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit is from 1 to " + MAX_PAGE + ", not " + limit);
        }
    }
}

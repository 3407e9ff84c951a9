package org.rapport.service.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.rapport.communication.api.InboundService;
import org.rapport.communication.api.MessageService;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files each inbound message a case takes under the case's queue in communication's inbound log, so
 * that the log shows it to those who may see the queue only ({@link QueueInboundAccess}). A message
 * is filed before its entry is written: should the entry then fail, the message is kept to the
 * queue rather than shown to all. What the desk sends for a case (replies, surveys) is filed as it is
 * queued ({@code SendRequest.keeper}); what it sent before filing existed is filed when the desk meets
 * the outbox.
 */
final class CaseFiling {

    /** The keeper's name the desk files messages under. */
    static final String KEEPER = "service";

    private static final Logger LOG = LoggerFactory.getLogger(CaseFiling.class);

    private volatile InboundService log;
    private volatile MessageService outbox;

    /** Files inbound message {@code inboundId} under {@code queue}; nothing while communication is not installed. */
    void file(long inboundId, String queue) {
        InboundService current = log;
        if (current != null) {
            current.file(List.of(inboundId), KEEPER, queue);
        }
    }

    /**
     * Communication's log is there: the messages already on cases (from before it was, or before
     * messages were filed) are filed under their cases' queues, a page at a time.
     */
    void bind(InboundService inbound, EntityManagerFactory emf) {
        log = inbound;
        Map<String, List<Long>> byQueue = byQueue(emf, "select e.inboundId, c.queue from CaseEntryEntity e, CaseEntity c "
                + "where e.caseId = c.id and e.inboundId is not null order by e.inboundId");
        byQueue.forEach((queue, ids) -> inbound.file(ids, KEEPER, queue));
        if (!byQueue.isEmpty()) {
            LOG.info("Inbound messages on cases filed under their queues: {}", byQueue.values().stream().mapToInt(List::size).sum());
        }
    }

    void unbind(InboundService inbound) {
        if (log == inbound) {
            log = null;
        }
    }

    /**
     * Communication's outbox is there: the replies and surveys sent for cases before they were filed as
     * they left are filed under their cases' queues.
     */
    void bind(MessageService outbox, EntityManagerFactory emf) {
        this.outbox = outbox;
        Map<String, List<Long>> byQueue = byQueue(emf, "select e.messageId, c.queue from CaseEntryEntity e, CaseEntity c "
                + "where e.caseId = c.id and e.messageId is not null order by e.messageId");
        byQueue(emf, "select s.messageId, c.queue from SurveyEntity s, CaseEntity c where s.caseId = c.id "
                + "and s.messageId is not null order by s.messageId").forEach((queue, ids) -> byQueue
                        .computeIfAbsent(queue, q -> new ArrayList<>()).addAll(ids));
        byQueue.forEach((queue, ids) -> outbox.file(ids, KEEPER, queue));
    }

    void unbind(MessageService gone) {
        if (outbox == gone) {
            outbox = null;
        }
    }

    /**
     * Case {@code caseId} moved to {@code queue}: its inbound messages, replies and survey are filed
     * there. Should communication not answer, they stay under the old queue (read by its readers, not
     * by everyone) until the desk meets the log and the outbox again.
     */
    void refile(EntityManagerFactory emf, long caseId, String queue) {
        InboundService in = log;
        MessageService out = outbox;
        List<Long> inbound = Transactions.read(emf, em -> em.createQuery("select e.inboundId from CaseEntryEntity e "
                + "where e.caseId = :c and e.inboundId is not null", Long.class).setParameter("c", caseId).getResultList());
        List<Long> sent = new ArrayList<>(Transactions.read(emf, em -> em.createQuery("select e.messageId from "
                + "CaseEntryEntity e where e.caseId = :c and e.messageId is not null", Long.class).setParameter("c", caseId)
                .getResultList()));
        sent.addAll(Transactions.read(emf, em -> em.createQuery("select s.messageId from SurveyEntity s where "
                + "s.caseId = :c and s.messageId is not null", Long.class).setParameter("c", caseId).getResultList()));
        try {
            if (in != null && !inbound.isEmpty()) {
                in.file(inbound, KEEPER, queue);
            }
            if (out != null && !sent.isEmpty()) {
                out.file(sent, KEEPER, queue);
            }
        } catch (RuntimeException e) {
            LOG.error("The messages of case {} stay filed under its former queue until the service desk restarts: {}",
                    caseId, e.toString());
        }
    }

    /** The ids a query of {@code (id, queue)} rows answers, by queue. */
    private static Map<String, List<Long>> byQueue(EntityManagerFactory emf, String jpql) {
        Map<String, List<Long>> byQueue = new LinkedHashMap<>();
        Transactions.read(emf, em -> {
            em.createQuery(jpql, Object[].class).getResultStream()
                    .forEach(row -> byQueue.computeIfAbsent((String) row[1], q -> new ArrayList<>()).add((Long) row[0]));
            return null;
        });
        return byQueue;
    }
}

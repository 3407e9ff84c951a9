package org.rapport.service.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import javax.persistence.EntityManagerFactory;

import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.Transactions;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.EntryKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a case's entries on its contact's timeline, as interactions of the case's channel: the
 * opening message {@code support-case} and later ones {@code support-message} (inbound), a reply
 * {@code support-reply} and an internal note {@code support-note} (outbound), with the case and
 * entry in the payload. A note's text stays in the case: the timeline says only that there is one.
 * Each entry is recorded once, whatever retries (its event id is the entry's). A survey's answer
 * goes to the timeline as feedback ({@link SurveyFeedback}). A case of a queue that {@code queueAccess}
 * keeps to some people leaves its subject, its texts and its queue's name out of the timeline, which
 * everyone who may read the contact reads: the entry says only that there is one ({@code Case 12 (kept
 * by service)}). Entries already on the timeline of such a case, with its words or with the queue's
 * name as they were once recorded, are given those words once, when the desk first starts or its settings
 * change with the queue restricted ({@link #keepStored}), and a case's when it is moved into such a queue
 * ({@link #keepMoved}).
 */
final class CaseTimeline {

    private static final Logger LOG = LoggerFactory.getLogger(CaseTimeline.class);
    private static final int SUMMARY = 300;
    /** What stands for a restricted queue's case's subject or text on the timeline. */
    static final String KEPT = " (kept by service)";

    private final InteractionService interactions;
    private final Predicate<String> restricted;

    CaseTimeline(InteractionService interactions, Predicate<String> restricted) {
        this.interactions = interactions;
        this.restricted = restricted;
    }

    void record(CaseEntity c, CaseEntry entry, boolean opening) {
        if (c.contactId == null || entry.kind() == EntryKind.CHANGE || entry.kind() == EntryKind.ESCALATION
                || entry.kind() == EntryKind.SURVEY) {
            return;
        }
        String type;
        String direction = "outbound";
        String summary;
        boolean kept = c.queue != null && restricted.test(c.queue);
        switch (entry.kind()) {
            case MESSAGE:
                type = opening ? "support-case" : "support-message";
                direction = "inbound";
                summary = heading(c.id, entry.kind(), opening)
                        + (kept ? KEPT : ": " + excerpt(opening ? c.subject : entry.text()));
                break;
            case REPLY:
                type = "support-reply";
                summary = heading(c.id, entry.kind(), false) + (kept ? KEPT : ": " + excerpt(entry.text()));
                break;
            default:
                type = "support-note";
                summary = "Internal note on case " + c.id;
                break;
        }
        try {
            interactions.record(c.contactId, new NewInteraction(c.channel, direction, type, entry.createdAt(), summary,
                    Map.of("case", Long.toString(c.id), "entry", Long.toString(entry.id())), eventId(entry.id())),
                    entry.author());
        } catch (RuntimeException e) {
            // The case keeps the entry; the timeline is the contacts' store, written after the case commits.
            LOG.warn("Entry {} of case {} is not on contact {}'s timeline: {}", entry.id(), c.id, c.contactId, e.getMessage());
        }
    }

    /**
     * Gives the entries already on the timeline of the cases in {@code queues} (those {@code queueAccess}
     * keeps to some people) the words {@link #record} gives them now, through the contacts' store's
     * {@code resummarize} (an entry that has them already is left as it is), once per queue: a queue done
     * is recorded in {@code SERVICE_KEPT_QUEUE}, and only a queue newly restricted is read again. A queue
     * no longer restricted loses its row, as its new entries have their words again. Should the contacts'
     * store (or the desk's) fail, the desk still starts; the queue is rewritten the next time.
     *
     * @return the number of the desk's entries read to be rewritten (none when every queue was done)
     */
    int keepStored(EntityManagerFactory emf, Set<String> queues, Instant now) {
        try {
            Set<String> newly = Transactions.inTransaction(emf, em -> {
                Set<String> todo = new TreeSet<>(queues);
                for (KeptQueueEntity done : em.createQuery("select k from KeptQueueEntity k", KeptQueueEntity.class)
                        .getResultList()) {
                    if (!todo.remove(done.queue)) {
                        em.remove(done);
                    }
                }
                return todo;
            });
            if (newly.isEmpty()) {
                return 0;
            }
            int read = rewrite(stored(emf, "c.queue in :queues", "queues", List.copyOf(newly)));
            Transactions.run(emf, em -> newly.stream().filter(q -> em.find(KeptQueueEntity.class, q) == null)
                    .forEach(q -> em.persist(new KeptQueueEntity(q, now))));
            return read;
        } catch (RuntimeException e) {
            LOG.warn("Timeline entries of cases in restricted queues keep their former words until the service desk "
                    + "starts again or its settings change: {}", e.getMessage());
            return 0;
        }
    }

    /**
     * Gives the entries already on the timeline of a case just moved into a restricted queue the kept
     * words: they were recorded with them in the queue it came from. Should it fail, the case keeps its
     * entries; they keep their words on the timeline.
     */
    void keepMoved(EntityManagerFactory emf, long caseId) {
        try {
            rewrite(stored(emf, "c.id = :case", "case", caseId));
        } catch (RuntimeException e) {
            LOG.warn("Timeline entries of case {}, moved into a restricted queue, keep their former words: {}", caseId,
                    e.getMessage());
        }
    }

    /** Rewrites the entries by their summary; the number of entries handed over. */
    private int rewrite(Map<String, List<String>> bySummary) {
        int changed = 0;
        int read = 0;
        for (Map.Entry<String, List<String>> e : bySummary.entrySet()) {
            read += e.getValue().size();
            changed += interactions.resummarize(e.getValue(), e.getKey());
        }
        if (changed > 0) {
            LOG.info("Timeline entries of cases in restricted queues given the kept words: {}", changed);
        }
        return read;
    }

    /** The event ids of the entries of the cases {@code condition} picks on the timeline, by the summary they get. */
    private static Map<String, List<String>> stored(EntityManagerFactory emf, String condition, String parameter,
            Object value) {
        Map<String, List<String>> bySummary = new LinkedHashMap<>();
        Transactions.read(emf, em -> {
            long[] lastCase = {-1};
            em.createQuery("select e.caseId, e.id, e.kind from CaseEntryEntity e, CaseEntity c where e.caseId = c.id "
                    + "and c.contactId is not null and " + condition + " and e.kind in :kinds order by e.caseId, e.id",
                    Object[].class).setParameter(parameter, value)
                    .setParameter("kinds", List.of(EntryKind.MESSAGE.name(), EntryKind.REPLY.name())).getResultStream()
                    .forEach(row -> {
                        long caseId = (Long) row[0];
                        EntryKind kind = EntryKind.valueOf((String) row[2]);
                        // A case's first entry is the message it was opened with.
                        boolean opening = caseId != lastCase[0];
                        lastCase[0] = caseId;
                        bySummary.computeIfAbsent(heading(caseId, kind, opening) + KEPT, k -> new ArrayList<>())
                                .add(eventId((Long) row[1]));
                    });
            return null;
        });
        return bySummary;
    }

    private static String heading(long caseId, EntryKind kind, boolean opening) {
        return (kind == EntryKind.REPLY ? "Reply on case " : opening ? "Case " : "Message on case ") + caseId;
    }

    private static String eventId(long entryId) {
        return "service-entry:" + entryId;
    }

    private static String excerpt(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= SUMMARY ? line : line.substring(0, SUMMARY - 3) + "...";
    }
}

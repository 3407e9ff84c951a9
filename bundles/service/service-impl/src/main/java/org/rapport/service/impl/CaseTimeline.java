package org.rapport.service.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * name as they were once recorded, are given those words when the desk starts or its settings change
 * ({@link #keepStored}).
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
     * {@code resummarize} (an entry that has them already is left as it is). Should the contacts'
     * store (or the desk's) fail, the desk still starts; the entries are rewritten the next time.
     */
    void keepStored(EntityManagerFactory emf, Set<String> queues) {
        if (queues.isEmpty()) {
            return;
        }
        try {
            int changed = 0;
            for (Map.Entry<String, List<String>> e : stored(emf, queues).entrySet()) {
                changed += interactions.resummarize(e.getValue(), e.getKey());
            }
            if (changed > 0) {
                LOG.info("Timeline entries of cases in restricted queues given the kept words: {}", changed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Timeline entries of cases in restricted queues keep their former words until the service desk "
                    + "starts again or its settings change: {}", e.getMessage());
        }
    }

    /** The event ids of the entries of the cases in {@code queues} on the timeline, by the summary they get. */
    private static Map<String, List<String>> stored(EntityManagerFactory emf, Set<String> queues) {
        Map<String, List<String>> bySummary = new LinkedHashMap<>();
        Transactions.read(emf, em -> {
            long[] lastCase = {-1};
            em.createQuery("select e.caseId, e.id, e.kind from CaseEntryEntity e, CaseEntity c where e.caseId = c.id "
                    + "and c.contactId is not null and c.queue in :queues and e.kind in :kinds order by e.caseId, e.id",
                    Object[].class).setParameter("queues", List.copyOf(queues))
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

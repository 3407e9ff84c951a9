package org.rapport.service.impl;

import java.util.Map;
import java.util.function.Predicate;

import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
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
 * keeps to some people leaves its subject and texts out of the timeline, which everyone who may read
 * the contact reads: the entry says only that there is one, and in which queue.
 */
final class CaseTimeline {

    private static final Logger LOG = LoggerFactory.getLogger(CaseTimeline.class);
    private static final int SUMMARY = 300;

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
        String kept = c.queue != null && restricted.test(c.queue) ? " (queue " + c.queue + ": kept in the case)" : null;
        switch (entry.kind()) {
            case MESSAGE:
                type = opening ? "support-case" : "support-message";
                direction = "inbound";
                summary = (opening ? "Case " : "Message on case ") + c.id
                        + (kept != null ? kept : ": " + excerpt(opening ? c.subject : entry.text()));
                break;
            case REPLY:
                type = "support-reply";
                summary = "Reply on case " + c.id + (kept != null ? kept : ": " + excerpt(entry.text()));
                break;
            default:
                type = "support-note";
                summary = "Internal note on case " + c.id;
                break;
        }
        try {
            interactions.record(c.contactId, new NewInteraction(c.channel, direction, type, entry.createdAt(), summary,
                    Map.of("case", Long.toString(c.id), "entry", Long.toString(entry.id())), "service-entry:" + entry.id()),
                    entry.author());
        } catch (RuntimeException e) {
            // The case keeps the entry; the timeline is the contacts' store, written after the case commits.
            LOG.warn("Entry {} of case {} is not on contact {}'s timeline: {}", entry.id(), c.id, c.contactId, e.getMessage());
        }
    }

    private static String excerpt(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= SUMMARY ? line : line.substring(0, SUMMARY - 3) + "...";
    }
}

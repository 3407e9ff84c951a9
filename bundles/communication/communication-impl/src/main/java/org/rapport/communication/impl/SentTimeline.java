package org.rapport.communication.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rapport.communication.api.Message;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactInteraction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.PagedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts sent messages on their contacts' timelines, a page in one transaction of contacts'
 * ({@link InteractionService#recordAll}). Once {@link #start started}, the entries are handed to a
 * {@link PagedQueue} and written on a thread of their own, so the dispatcher's next page does not
 * wait for the last one's entries; the messages are settled as sent before they are handed over,
 * so what the queue holds when the process dies is lost from the timelines only, never sent again.
 * When a page cannot be recorded whole (a contact erased since the message left), nothing of it is
 * written and each message is recorded alone, so that the others still land; a message that cannot
 * be is logged, not sent again.
 */
final class SentTimeline {

    private static final Logger LOG = LoggerFactory.getLogger(SentTimeline.class);
    private static final String SOURCE = "communication";
    /** How many entries wait at most, and how many are recorded in one transaction. */
    private static final int WAITING = 10_000;
    private static final int PAGE = 500;

    /** A sent message and what it went by. */
    record Sent(Message message, Channel medium, Instant sentAt) {
    }

    private final InteractionService interactions;
    private final OutboxPages outbox;
    /** The entries waiting for their page; null until started (and after closing): recorded on the caller's thread. */
    private PagedQueue<Sent> pages;

    SentTimeline(InteractionService interactions, OutboxPages outbox) {
        this.interactions = interactions;
        this.outbox = outbox;
    }

    /** From now on, entries are recorded a page at a time on a thread of their own. */
    synchronized void start() {
        if (pages == null) {
            pages = new PagedQueue<>("communication-timeline", WAITING, PAGE, this::recordNow);
        }
    }

    /** Records what is still queued, then records on the caller's thread again. */
    synchronized void close() {
        if (pages != null) {
            pages.close();
            pages = null;
        }
    }

    /** Hands the page's entries to the queue, or records them at once when it is not started. */
    void record(List<Sent> page) {
        PagedQueue<Sent> queue;
        synchronized (this) {
            queue = pages;
        }
        if (queue == null) {
            recordNow(page);
        } else {
            page.forEach(queue::offer);
        }
    }

    /** Records a page of entries in one transaction, each alone when the page cannot be recorded whole. */
    void recordNow(List<Sent> page) {
        if (page.isEmpty()) {
            return;
        }
        // Whoever reads the contact reads the timeline: a kept message is named there without its subject.
        Map<Long, String> kept = outbox.keepers(page.stream().map(s -> s.message().id()).toList());
        List<ContactInteraction> entries = new ArrayList<>();
        page.forEach(s -> entries.add(new ContactInteraction(s.message().contactId(), entry(s, kept))));
        try {
            interactions.recordAll(entries, SOURCE);
        } catch (RuntimeException whole) {
            LOG.info("The timeline entries of {} sent message(s) could not be recorded together ({}); recording each",
                    page.size(), Dispatcher.describe(whole));
            for (Sent s : page) {
                try {
                    interactions.record(s.message().contactId(), entry(s, kept), SOURCE);
                } catch (RuntimeException e) {
                    LOG.warn("Message {} was sent but could not be put on contact {}'s timeline: {}", s.message().id(),
                            s.message().contactId(), Dispatcher.describe(e));
                }
            }
        }
    }

    private static NewInteraction entry(Sent s, Map<Long, String> kept) {
        Message m = s.message();
        String keeper = kept.get(m.id());
        Map<String, String> payload = new HashMap<>();
        payload.put("messageId", Long.toString(m.id()));
        payload.put("template", m.template());
        payload.put("channel", m.channel());
        payload.put("purpose", m.purpose());
        return new NewInteraction(s.medium().label(), "outbound", "message", s.sentAt(),
                keeper != null ? "message '" + m.template() + "' (kept by " + keeper + ")"
                        : m.subject() != null ? m.subject() : "message '" + m.template() + "'", payload);
    }
}

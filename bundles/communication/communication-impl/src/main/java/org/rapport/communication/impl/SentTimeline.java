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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a page's sent messages on their contacts' timelines, in one transaction of contacts'
 * ({@link InteractionService#recordAll}). When the page cannot be recorded whole (a contact erased
 * since the message left), each message is recorded alone, so that the others still land; a
 * message that cannot be is logged, not sent again.
 */
final class SentTimeline {

    private static final Logger LOG = LoggerFactory.getLogger(SentTimeline.class);
    private static final String SOURCE = "communication";

    /**
     * A sent message and what it went by.
     *
     * @param keeper who keeps the message from readers who may not see it (the timeline then names it
     *        without its subject), or null
     */
    record Sent(Message message, Channel medium, Instant sentAt, String keeper) {
    }

    private final InteractionService interactions;

    SentTimeline(InteractionService interactions) {
        this.interactions = interactions;
    }

    void record(List<Sent> page) {
        if (page.isEmpty()) {
            return;
        }
        List<ContactInteraction> entries = new ArrayList<>();
        page.forEach(s -> entries.add(new ContactInteraction(s.message().contactId(), entry(s))));
        try {
            interactions.recordAll(entries, SOURCE);
        } catch (RuntimeException whole) {
            LOG.info("The timeline entries of {} sent message(s) could not be recorded together ({}); recording each",
                    page.size(), Dispatcher.describe(whole));
            for (Sent s : page) {
                try {
                    interactions.record(s.message().contactId(), entry(s), SOURCE);
                } catch (RuntimeException e) {
                    LOG.warn("Message {} was sent but could not be put on contact {}'s timeline: {}", s.message().id(),
                            s.message().contactId(), Dispatcher.describe(e));
                }
            }
        }
    }

    private static NewInteraction entry(Sent s) {
        Message m = s.message();
        Map<String, String> payload = new HashMap<>();
        payload.put("messageId", Long.toString(m.id()));
        payload.put("template", m.template());
        payload.put("channel", m.channel());
        payload.put("purpose", m.purpose());
        return new NewInteraction(s.medium().label(), "outbound", "message", s.sentAt(),
                s.keeper() != null ? "message '" + m.template() + "' (kept by " + s.keeper() + ")"
                        : m.subject() != null ? m.subject() : "message '" + m.template() + "'", payload);
    }
}

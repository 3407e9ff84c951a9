package org.rapport.campaigns.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageEvents;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.MessageStatus;
import org.rapport.persistence.PagedQueue;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of a campaign's messages: the communication capability posts each message's outcome
 * (sent, failed for good, blocked by the consent gate, bounced after it was sent) with the sender's
 * reference, which names the recipient; the recipient takes the message's state, a block with the
 * gate's reason, a bounce with the report's status. A message sent is settled from its event alone;
 * the others are read for their reason. What Event Admin hands in is settled a page at a time on a
 * thread of its own ({@link PagedQueue}), one transaction a page; what waits when the process dies
 * is lost with the queue, and figures settle the recipients still queued from the messages
 * themselves, so such an outcome is counted all the same.
 */
@Component(service = {EventHandler.class, MessageOutcomes.class},
        property = EventConstants.EVENT_TOPIC + "=org/rapport/communication/message/*")
public class MessageOutcomes implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MessageOutcomes.class);
    private static final String PREFIX = LinkTokens.REFERENCE_PREFIX;
    /** How many outcomes wait at most, and how many are settled in one transaction. */
    private static final int WAITING = 10_000;
    private static final int PAGE = 500;

    /**
     * A message's outcome for its recipient: {@code state} and {@code reason} when the event says
     * it all (sent), null when the message is to be read for them.
     */
    record Outcome(long recipientId, long messageId, RecipientEntity.State state, String reason) {
    }

    private final EntityManagerFactory emf;
    private final MessageService messages;
    /** The outcomes from Event Admin, settled a page at a time; null where they are settled at once (tests). */
    private final PagedQueue<Outcome> pages;

    @Activate
    public MessageOutcomes(@Reference(target = "(osgi.unit.name=rapport-campaigns)") EntityManagerFactory emf,
            @Reference MessageService messages) {
        this(emf, messages, true);
    }

    /** @param paged whether Event Admin's outcomes are settled a page at a time on a thread of their own */
    MessageOutcomes(EntityManagerFactory emf, MessageService messages, boolean paged) {
        this.emf = emf;
        this.messages = messages;
        this.pages = paged ? new PagedQueue<>("campaigns-outcomes", WAITING, PAGE, this::settleAll) : null;
    }

    /** Settles what is still queued before the component goes. */
    @Deactivate
    void deactivate() {
        if (pages != null) {
            pages.close();
        }
    }

    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(MessageEvents.REFERENCE) instanceof String reference) || !reference.startsWith(PREFIX)
                || !(event.getProperty(MessageEvents.MESSAGE_ID) instanceof Long messageId)) {
            return;
        }
        long recipientId;
        try {
            String rest = reference.substring(PREFIX.length());
            recipientId = Long.parseLong(rest.substring(0, Math.max(0, rest.indexOf('-'))));
        } catch (NumberFormatException notOurs) {
            return;
        }
        // Sent is final but for a bounce, which comes with an event of its own and settles after it.
        Outcome outcome = MessageEvents.SENT.equals(event.getTopic())
                ? new Outcome(recipientId, messageId, RecipientEntity.State.SENT, null)
                : new Outcome(recipientId, messageId, null, null);
        if (pages != null) {
            pages.offer(outcome);
        } else {
            settleAll(List.of(outcome));
        }
    }

    /** Settles up to {@code limit} of the campaign's queued recipients from their messages. */
    void settleQueued(long campaignId, int limit) {
        List<Object[]> queued = Transactions.read(emf, em -> em.createQuery("select r.id, r.messageId from "
                + "RecipientEntity r where r.campaignId = :campaign and r.status = :queued order by r.id", Object[].class)
                .setParameter("campaign", campaignId).setParameter("queued", RecipientEntity.State.QUEUED)
                .setMaxResults(limit).getResultList());
        List<Outcome> outcomes = new ArrayList<>();
        for (Object[] row : queued) {
            if (row[1] instanceof Long messageId) {
                outcomes.add(new Outcome((Long) row[0], messageId, null, null));
            }
        }
        settleAll(outcomes);
    }

    /**
     * Settles outcomes in one transaction, in the order given; when the page cannot be settled at
     * once (nothing of it is written then), each is settled alone, so one that cannot be costs only
     * itself.
     */
    void settleAll(List<Outcome> page) {
        List<Outcome> known = new ArrayList<>();
        for (Outcome o : page) {
            Outcome k = o.state() != null ? o : read(o);
            if (k != null) {
                known.add(k);
            }
        }
        if (known.isEmpty()) {
            return;
        }
        try {
            Transactions.retrying(emf, 3, em -> {
                settle(em, known);
                return null;
            });
            return;
        } catch (RuntimeException e) {
            if (known.size() == 1) {
                LOG.warn("The outcome of message {} for campaign recipient {} was not settled: {}",
                        known.get(0).messageId(), known.get(0).recipientId(), e.toString());
                return;
            }
            LOG.debug("A page of {} outcomes could not be settled at once ({}); settling them one by one", known.size(),
                    e.toString());
        }
        for (Outcome o : known) {
            settleAll(List.of(o));
        }
    }

    /** The message's state and reason for its recipient, or null when it has no outcome (yet) or is gone. */
    private Outcome read(Outcome o) {
        Message m = messages.find(o.messageId()).orElse(null);
        if (m == null) {
            return null;
        }
        RecipientEntity.State state = switch (m.status()) {
            case SENT -> RecipientEntity.State.SENT;
            case FAILED -> RecipientEntity.State.FAILED;
            case BOUNCED -> RecipientEntity.State.BOUNCED;
            case BLOCKED -> RecipientEntity.State.HELD;
            default -> null;
        };
        return state == null ? null : new Outcome(o.recipientId(), o.messageId(), state,
                m.status() == MessageStatus.SENT ? null : Reasons.of(m.lastError()));
    }

    /** A queued recipient takes any outcome; a sent one only a bounce, which comes after it. */
    private static boolean settles(RecipientEntity.State now, RecipientEntity.State outcome) {
        return now == RecipientEntity.State.QUEUED
                || now == RecipientEntity.State.SENT && outcome == RecipientEntity.State.BOUNCED;
    }

    private static void settle(EntityManager em, List<Outcome> page) {
        Map<Long, RecipientEntity> recipients = new HashMap<>();
        em.createQuery("select r from RecipientEntity r where r.id in :ids", RecipientEntity.class)
                .setParameter("ids", page.stream().map(Outcome::recipientId).distinct().toList()).getResultStream()
                .forEach(r -> recipients.put(r.id, r));
        for (Outcome o : page) {
            RecipientEntity r = recipients.get(o.recipientId());
            // Only the message the campaign queued for the recipient settles it, never another with a look-alike reference.
            if (r != null && settles(r.status, o.state()) && Long.valueOf(o.messageId()).equals(r.messageId)) {
                r.status = o.state();
                r.reason = o.reason();
            }
        }
    }
}

package org.rapport.campaigns.impl;

import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageEvents;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.MessageStatus;
import org.rapport.persistence.Transactions;

/**
 * What became of a campaign's messages: the communication capability posts each message's outcome
 * (sent, failed for good, blocked by the consent gate, bounced after it was sent) with the sender's
 * reference, which names the recipient; the recipient takes the message's state, a block with the
 * gate's reason, a bounce with the report's status. Figures also
 * settle the recipients still queued from the messages themselves, so an outcome whose event was
 * lost (a restart) is counted all the same.
 */
@Component(service = {EventHandler.class, MessageOutcomes.class},
        property = EventConstants.EVENT_TOPIC + "=org/rapport/communication/message/*")
public class MessageOutcomes implements EventHandler {

    private static final String PREFIX = LinkTokens.REFERENCE_PREFIX;

    private final EntityManagerFactory emf;
    private final MessageService messages;

    @Activate
    public MessageOutcomes(@Reference(target = "(osgi.unit.name=rapport-campaigns)") EntityManagerFactory emf,
            @Reference MessageService messages) {
        this.emf = emf;
        this.messages = messages;
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
        messages.find(messageId).ifPresent(m -> settle(recipientId, m));
    }

    /** Settles up to {@code limit} of the campaign's queued recipients from their messages. */
    void settleQueued(long campaignId, int limit) {
        List<Object[]> queued = Transactions.read(emf, em -> em.createQuery("select r.id, r.messageId from "
                + "RecipientEntity r where r.campaignId = :campaign and r.status = :queued order by r.id", Object[].class)
                .setParameter("campaign", campaignId).setParameter("queued", RecipientEntity.State.QUEUED)
                .setMaxResults(limit).getResultList());
        for (Object[] row : queued) {
            if (row[1] instanceof Long messageId) {
                messages.find(messageId).ifPresent(m -> settle((Long) row[0], m));
            }
        }
    }

    /** A queued recipient takes any outcome; a sent one only a bounce, which comes after it. */
    private static boolean settles(RecipientEntity.State now, RecipientEntity.State outcome) {
        return now == RecipientEntity.State.QUEUED
                || now == RecipientEntity.State.SENT && outcome == RecipientEntity.State.BOUNCED;
    }

    private void settle(long recipientId, Message m) {
        Optional<RecipientEntity.State> state = switch (m.status()) {
            case SENT -> Optional.of(RecipientEntity.State.SENT);
            case FAILED -> Optional.of(RecipientEntity.State.FAILED);
            case BOUNCED -> Optional.of(RecipientEntity.State.BOUNCED);
            case BLOCKED -> Optional.of(RecipientEntity.State.HELD);
            default -> Optional.empty();
        };
        if (state.isEmpty()) {
            return;
        }
        Transactions.retrying(emf, 3, em -> {
            RecipientEntity r = em.find(RecipientEntity.class, recipientId);
            // Only the message the campaign queued for the recipient settles it, never another with a look-alike reference.
            if (r != null && settles(r.status, state.get()) && Long.valueOf(m.id()).equals(r.messageId)) {
                r.status = state.get();
                r.messageId = m.id();
                r.reason = m.status() == MessageStatus.SENT ? null : Reasons.of(m.lastError());
            }
            return null;
        });
    }
}

package org.rapport.service.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.communication.api.MessageEvents;

/**
 * What became of the replies' messages: communication posts each outcome (sent, failed, blocked by
 * the consent gate, bounced) with the sender's reference, which names the reply's entry; the entry
 * takes the message's state ({@link CaseReplies#settle}) if the message is the one it queued.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=org/rapport/communication/message/*")
public class ReplyOutcomes implements EventHandler {

    private final CaseServiceImpl cases;

    @Activate
    public ReplyOutcomes(@Reference CaseServiceImpl cases) {
        this.cases = cases;
    }

    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(MessageEvents.REFERENCE) instanceof String reference)
                || !reference.startsWith(CaseReplies.REFERENCE_PREFIX)
                || !(event.getProperty(MessageEvents.MESSAGE_ID) instanceof Long messageId)) {
            return;
        }
        String rest = reference.substring(CaseReplies.REFERENCE_PREFIX.length());
        try {
            cases.replies().outcome(Long.parseLong(rest.substring(0, Math.max(0, rest.indexOf('-')))), messageId);
        } catch (NumberFormatException notOurs) {
            // A look-alike reference of another sender: nothing of the service desk's.
        }
    }
}

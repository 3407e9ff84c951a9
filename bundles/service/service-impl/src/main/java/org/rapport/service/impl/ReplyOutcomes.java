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
 * takes the message's state ({@link CaseReplies#settle}) if the message is the one it queued. The
 * same for the satisfaction surveys' messages ({@link Surveys#outcome}).
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
                || !(event.getProperty(MessageEvents.MESSAGE_ID) instanceof Long messageId)) {
            return;
        }
        boolean survey = reference.startsWith(Surveys.REFERENCE_PREFIX);
        if (!survey && !reference.startsWith(CaseReplies.REFERENCE_PREFIX)) {
            return;
        }
        String rest = reference.substring(survey ? Surveys.REFERENCE_PREFIX.length() : CaseReplies.REFERENCE_PREFIX.length());
        try {
            long id = Long.parseLong(rest.substring(0, Math.max(0, rest.indexOf('-'))));
            if (survey) {
                cases.surveys().outcome(id, messageId);
            } else {
                cases.replies().outcome(id, messageId);
            }
        } catch (NumberFormatException notOurs) {
            // A look-alike reference of another sender: nothing of the service desk's.
        }
    }
}

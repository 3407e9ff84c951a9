package org.rapport.contacts.impl;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.PagedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the interactions other bundles post on {@link InteractionEvents#RECORD}, so that a
 * plugin can feed the timeline with nothing but Event Admin. A refused one is logged with the
 * field at fault and dropped: events have no one to answer to. They are checked as they arrive
 * and recorded a page at a time on a thread of their own ({@link PagedQueue}): one transaction for
 * a page, where each used to take a transaction and a pooled connection of its own on one of Event
 * Admin's threads. An event posted again is recorded once (its {@code eventId}); what the queue
 * holds when the process dies is lost, as it was in Event Admin's own queue.
 */
@Component(property = EventConstants.EVENT_TOPIC + "=" + InteractionEvents.RECORD)
public class InteractionRecorder implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionRecorder.class);

    /** How many interactions wait at most, and how many are recorded in one transaction. */
    private static final int WAITING = 10_000;
    private static final int PAGE = 200;

    private final InteractionServiceImpl interactions;
    private final PagedQueue<InteractionServiceImpl.Checked> pages;

    @Activate
    public InteractionRecorder(@Reference InteractionServiceImpl interactions) {
        this.interactions = interactions;
        this.pages = new PagedQueue<>("contacts-timeline", WAITING, PAGE, interactions::recordAll);
    }

    /** Records what is still queued before the component goes. */
    @Deactivate
    void deactivate() {
        pages.close();
    }

    @Override
    public void handleEvent(Event event) {
        try {
            long contactId = contactId(event.getProperty(InteractionEvents.CONTACT_ID));
            Map<String, String> payload = new TreeMap<>();
            for (String name : event.getPropertyNames()) {
                if (name.startsWith(InteractionEvents.PAYLOAD_PREFIX)) {
                    payload.put(name.substring(InteractionEvents.PAYLOAD_PREFIX.length()), String.valueOf(event.getProperty(name)));
                }
            }
            String occurred = text(event, InteractionEvents.OCCURRED_AT);
            NewInteraction interaction = new NewInteraction(text(event, InteractionEvents.CHANNEL),
                    text(event, InteractionEvents.DIRECTION), text(event, InteractionEvents.TYPE),
                    occurred == null ? null : Instant.parse(occurred), text(event, InteractionEvents.SUMMARY), payload,
                    text(event, InteractionEvents.EVENT_ID));
            String source = text(event, InteractionEvents.SOURCE);
            pages.offer(interactions.check(contactId, interaction, source == null ? "event" : source));
        } catch (ContactValidationException e) {
            // The fields at fault, not the reasons: a reason quotes the value, and the log outlives erasure.
            LOG.warn("Interaction posted on {} refused: {} not valid", InteractionEvents.RECORD, e.fieldErrors().keySet());
        } catch (DateTimeParseException e) {
            LOG.warn("Interaction posted on {} refused: {} is not an ISO 8601 instant", InteractionEvents.RECORD,
                    InteractionEvents.OCCURRED_AT);
        }
    }

    private static long contactId(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new ContactValidationException(Map.of(InteractionEvents.CONTACT_ID, "'" + value + "' is not a contact id"));
        }
    }

    private static String text(Event event, String property) {
        Object value = event.getProperty(property);
        return value == null ? null : value.toString();
    }
}

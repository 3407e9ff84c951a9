package org.rapport.events.impl;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.privacy.spi.AuditEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the capabilities announce on Event Admin to the outbox, right after each change:
 * audit entries are sent synchronously once the change committed, so the event is in the outbox
 * before the call that made the change returns; interactions are posted after their commit.
 */
@Component(property = {
    EventConstants.EVENT_TOPIC + "=" + AuditEvents.TOPIC,
    EventConstants.EVENT_TOPIC + "=" + InteractionEvents.RECORDED})
public class EventIntake implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    private final EventsService events;
    private final Clock clock;

    @Activate
    public EventIntake(@Reference EventsService events) {
        this(events, Clock.systemUTC());
    }

    EventIntake(EventsService events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void handleEvent(Event event) {
        try {
            events.record(EventMapper.map(event, clock.instant()));
        } catch (RuntimeException e) {
            // The change itself stands; only its announcement to subscribers is lost, and said so.
            LOG.error("An event on {} could not be written to the outbox: {}", event.getTopic(), e.toString());
        }
    }
}

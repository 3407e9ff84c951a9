package org.rapport.events.impl;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.privacy.spi.ErasureParticipant;

/**
 * Erasure reaches the outbox and the delivery log: the contact's events, pending, delivered or
 * dead, are removed with every record of their delivery, and {@code contact.erased} is announced
 * to the subscriptions that want it, so that they erase what they were sent.
 */
@Component
public class EventsErasure implements ErasureParticipant {

    private final EventsService events;

    @Activate
    public EventsErasure(@Reference EventsService events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        return events.export(contactId);
    }

    @Override
    public String erase(long contactId) {
        return events.erase(contactId);
    }
}

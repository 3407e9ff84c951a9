package org.rapport.contacts.impl;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;

/**
 * Event Admin for other bundles' tests of the timeline: the interactions' service posts its events
 * here and each is handed, as it is posted, to the {@link EventHandler}s added (a listener as Event
 * Admin would call it).
 */
public final class TimelineEvents implements EventAdmin {

    private final List<EventHandler> handlers = new CopyOnWriteArrayList<>();

    /** Event Admin for {@code interactions}: what it announces reaches the handlers added here. */
    public static TimelineEvents of(InteractionServiceImpl interactions) {
        TimelineEvents events = new TimelineEvents();
        interactions.setEventAdmin(events);
        return events;
    }

    public void add(EventHandler handler) {
        handlers.add(handler);
    }

    @Override
    public void postEvent(Event event) {
        sendEvent(event);
    }

    @Override
    public void sendEvent(Event event) {
        handlers.forEach(h -> h.handleEvent(event));
    }
}

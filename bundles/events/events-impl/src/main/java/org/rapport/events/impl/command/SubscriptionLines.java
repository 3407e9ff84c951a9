package org.rapport.events.impl.command;

import org.rapport.events.impl.Delivery;
import org.rapport.events.impl.EventsService;
import org.rapport.events.impl.Subscription;

/** How the shell shows subscriptions and deliveries, one line each. */
final class SubscriptionLines {

    private SubscriptionLines() {
    }

    static String line(Subscription s) {
        return s.id() + "  " + s.name() + "  " + s.state() + "  " + s.url() + "  " + String.join(",", s.types())
                + (s.faults() > 0 ? "  " + s.faults() + " failed in a row, last: " + s.lastFault() : "");
    }

    static String line(Delivery d) {
        return d.id() + "  " + d.type() + "  contact " + d.contactId() + "  " + d.state() + "  attempts " + d.attempts()
                + (d.nextAt() != null && Delivery.PENDING.equals(d.state()) ? "  next " + d.nextAt() : "")
                + (d.error() != null ? "  " + d.error() : "");
    }

    /** The subscription, or a refusal naming the id. */
    static Subscription find(EventsService events, long id) {
        return events.subscription(id).orElseThrow(() -> new IllegalArgumentException("id: no event subscription " + id));
    }
}

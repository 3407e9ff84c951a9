package org.rapport.loyalty.impl;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.PurchaseEvent;

/** Posts a booked purchase to the contact's timeline: an interaction of type {@code purchase}. */
final class PurchaseTimeline {

    private PurchaseTimeline() {
    }

    /** Puts the purchase on the contact's timeline, once it is booked, when Event Admin is there. */
    static void post(EventAdmin admin, PurchaseEvent purchase, PointsEntry entry) {
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(InteractionEvents.CONTACT_ID, purchase.contactId());
        properties.put(InteractionEvents.CHANNEL, channel(purchase.channel()).label());
        properties.put(InteractionEvents.DIRECTION, "inbound");
        properties.put(InteractionEvents.TYPE, "purchase");
        properties.put(InteractionEvents.OCCURRED_AT, entry.activityAt().toString());
        properties.put(InteractionEvents.SUMMARY, purchase.amount().toPlainString() + " " + purchase.currency() + ", "
                + entry.points() + " points");
        properties.put(InteractionEvents.SOURCE, "loyalty");
        properties.put(InteractionEvents.PAYLOAD_PREFIX + "event", purchase.eventId());
        // The purchase is on the timeline once, whichever node books it.
        properties.put(InteractionEvents.EVENT_ID, "loyalty.purchase:" + purchase.eventId());
        properties.put(InteractionEvents.PAYLOAD_PREFIX + "entry", Long.toString(entry.id()));
        properties.put(InteractionEvents.PAYLOAD_PREFIX + "amount", purchase.amount().toPlainString());
        if (purchase.currency() != null) {
            properties.put(InteractionEvents.PAYLOAD_PREFIX + "currency", purchase.currency());
        }
        if (purchase.category() != null) {
            properties.put(InteractionEvents.PAYLOAD_PREFIX + "category", purchase.category());
        }
        admin.postEvent(new Event(InteractionEvents.RECORD, properties));
    }

    /** The timeline channel of a selling channel: the contact channels by name, a store in person, else other. */
    static Channel channel(String sellingChannel) {
        if (sellingChannel == null) {
            return Channel.OTHER;
        }
        if (sellingChannel.equalsIgnoreCase("store") || sellingChannel.equalsIgnoreCase("shop")) {
            return Channel.IN_PERSON;
        }
        try {
            return Channel.parse(sellingChannel);
        } catch (IllegalArgumentException e) {
            return Channel.OTHER;
        }
    }
}

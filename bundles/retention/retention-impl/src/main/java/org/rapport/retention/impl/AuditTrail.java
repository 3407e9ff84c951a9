package org.rapport.retention.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.privacy.spi.AuditEvents;

/** Sends retention's changes of personal data to the audit log. */
final class AuditTrail {

    private final Supplier<EventAdmin> events;

    /** @param events Event Admin, or null while it is not there */
    AuditTrail(Supplier<EventAdmin> events) {
        this.events = events;
    }

    /** Sends a change of personal data to the audit log, synchronously, when Event Admin is there. */
    void record(String actor, String action, String subject, long contactId, String before, String after) {
        EventAdmin admin = events.get();
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(AuditEvents.ACTOR, actor == null ? "unknown" : actor);
        properties.put(AuditEvents.ACTION, action);
        properties.put(AuditEvents.SUBJECT, subject);
        properties.put(AuditEvents.CONTACT_ID, contactId);
        if (before != null) {
            properties.put(AuditEvents.BEFORE, before);
        }
        properties.put(AuditEvents.AFTER, after);
        admin.sendEvent(new Event(AuditEvents.TOPIC, properties));
    }
}

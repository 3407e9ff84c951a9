package org.rapport.segments.impl;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.segments.api.Segment;

/**
 * Sends a change of a segment's definition to the audit log, where the caller is known: the REST
 * resource and the shell commands. Sent synchronously, so the entry exists once the call returns.
 */
public final class SegmentAudit {

    private SegmentAudit() {
    }

    /** A segment defined or changed: its kind and condition as the state after. */
    public static void defined(EventAdmin events, String actor, Segment segment) {
        changed(events, actor, "segment.define", segment.name(), segment.kind().label() + ": " + segment.condition());
    }

    /** @param events Event Admin, or null when it is not there (then nothing is sent) */
    public static void changed(EventAdmin events, String actor, String action, String segment, String after) {
        if (events == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(AuditEvents.ACTOR, actor);
        properties.put(AuditEvents.ACTION, action);
        properties.put(AuditEvents.SUBJECT, "segment " + segment);
        properties.put(AuditEvents.AFTER, after);
        events.sendEvent(new Event(AuditEvents.TOPIC, properties));
    }
}

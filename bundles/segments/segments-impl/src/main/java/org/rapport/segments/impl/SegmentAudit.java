package org.rapport.segments.impl;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.privacy.spi.AuditEvents;

/**
 * Sends a change of a segment's definition to the audit log, where the caller is known: the REST
 * resource and the shell commands. Sent synchronously, so the entry exists once the call returns.
 */
public final class SegmentAudit {

    private SegmentAudit() {
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

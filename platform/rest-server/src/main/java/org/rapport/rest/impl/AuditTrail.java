package org.rapport.rest.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Sends administrative actions on users and API keys to the audit log, through Event Admin on
 * the topic and with the properties that {@code org.rapport.privacy.spi.AuditEvents} documents
 * (the platform does not depend on the privacy bundle, which keeps the log). Sent synchronously.
 */
public final class AuditTrail {

    static final String TOPIC = "org/rapport/audit/RECORD";

    private AuditTrail() {
    }

    /**
     * @param events Event Admin, or null when it is not there (then nothing is sent)
     * @param before the state before, or null
     * @param after the state after, or null
     */
    public static void send(EventAdmin events, String actor, String action, String subject, String before, String after) {
        if (events == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("audit.actor", actor);
        properties.put("audit.action", action);
        properties.put("audit.subject", subject);
        if (before != null) {
            properties.put("audit.before", before);
        }
        if (after != null) {
            properties.put("audit.after", after);
        }
        events.sendEvent(new Event(TOPIC, properties));
    }

    /** Roles as the log shows them: sorted, comma separated. */
    public static String roles(Set<String> roles) {
        return roles == null ? null : "roles " + String.join(", ", new TreeSet<>(roles));
    }
}

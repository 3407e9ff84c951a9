package org.rapport.service.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.service.api.CaseEvents;
import org.rapport.service.api.Escalation;

/**
 * What the service desk tells the rest of the product through Event Admin: each escalation is
 * posted on {@link CaseEvents#ESCALATED} and recorded in the audit log ({@code case.escalated}); a
 * case moved to another queue is recorded there too ({@code case.moved}).
 */
final class Notices {

    private final Supplier<EventAdmin> events;

    /** @param events Event Admin, or null while it is not there */
    Notices(Supplier<EventAdmin> events) {
        this.events = events;
    }

    /** Case {@code c} moved from queue {@code from} to its queue: audited as {@code case.moved}. */
    void moved(CaseEntity c, String from, String actor) {
        EventAdmin admin = events.get();
        if (admin == null) {
            return;
        }
        Map<String, Object> audit = new HashMap<>();
        audit.put(AuditEvents.ACTOR, actor);
        audit.put(AuditEvents.ACTION, "case.moved");
        audit.put(AuditEvents.SUBJECT, "case " + c.id);
        audit.put(AuditEvents.BEFORE, "queue " + from);
        audit.put(AuditEvents.AFTER, "queue " + c.queue);
        if (c.contactId != null) {
            audit.put(AuditEvents.CONTACT_ID, c.contactId);
        }
        admin.sendEvent(new Event(AuditEvents.TOPIC, audit));
    }

    void escalated(Escalation e, Long contactId, String actor) {
        EventAdmin admin = events.get();
        if (admin == null) {
            return;
        }
        Map<String, Object> audit = new HashMap<>();
        audit.put(AuditEvents.ACTOR, actor);
        audit.put(AuditEvents.ACTION, "case.escalated");
        audit.put(AuditEvents.SUBJECT, "case " + e.caseId());
        audit.put(AuditEvents.AFTER, e.kind() + ", due " + e.due());
        if (contactId != null) {
            audit.put(AuditEvents.CONTACT_ID, contactId);
        }
        admin.sendEvent(new Event(AuditEvents.TOPIC, audit));
        Map<String, Object> properties = new HashMap<>();
        properties.put(CaseEvents.CASE_ID, e.caseId());
        properties.put(CaseEvents.KIND, e.kind());
        properties.put(CaseEvents.DUE, e.due().toString());
        properties.put(CaseEvents.QUEUE, e.queue());
        if (e.assignee() != null) {
            properties.put(CaseEvents.ASSIGNEE, e.assignee());
        }
        admin.postEvent(new Event(CaseEvents.ESCALATED, properties));
    }
}

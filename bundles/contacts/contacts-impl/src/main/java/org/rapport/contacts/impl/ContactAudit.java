package org.rapport.contacts.impl;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ImportReport;
import org.rapport.privacy.spi.AuditEvents;

/**
 * Sends a change of a contact's details to the audit log, where the caller is known: the REST
 * resource and the shell commands. Sent synchronously, so the entry exists once the call returns.
 */
public final class ContactAudit {

    private ContactAudit() {
    }

    /**
     * @param events Event Admin, or null when it is not there (then nothing is sent)
     * @param before the contact before, or null for a new one
     */
    public static void changed(EventAdmin events, String actor, String action, Contact before, Contact after) {
        if (events == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(AuditEvents.ACTOR, actor);
        properties.put(AuditEvents.ACTION, action);
        properties.put(AuditEvents.SUBJECT, "contact " + after.id());
        properties.put(AuditEvents.CONTACT_ID, after.id());
        if (before != null) {
            properties.put(AuditEvents.BEFORE, before.toString());
        }
        properties.put(AuditEvents.AFTER, after.toString());
        events.sendEvent(new Event(AuditEvents.TOPIC, properties));
    }

    /**
     * Sends an import of contacts to the audit log: one entry for the whole file, naming the job
     * whose report lists what was created, updated and refused. A dry run changes nothing and is
     * not sent.
     */
    public static void imported(EventAdmin events, String actor, long jobId, ImportReport job) {
        if (events == null || job.dryRun()) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(AuditEvents.ACTOR, actor);
        properties.put(AuditEvents.ACTION, "contact.import");
        properties.put(AuditEvents.SUBJECT, "import job " + jobId);
        properties.put(AuditEvents.AFTER, job.state() + ": " + job.rows() + " rows, " + job.created() + " created, "
                + job.updated() + " updated, " + job.failed() + " refused");
        events.sendEvent(new Event(AuditEvents.TOPIC, properties));
    }

    /** Sends a change of the custom property definitions, or of an account, to the audit log. */
    public static void other(EventAdmin events, String actor, String action, String subject, String after) {
        if (events == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(AuditEvents.ACTOR, actor);
        properties.put(AuditEvents.ACTION, action);
        properties.put(AuditEvents.SUBJECT, subject);
        properties.put(AuditEvents.AFTER, after);
        events.sendEvent(new Event(AuditEvents.TOPIC, properties));
    }
}

package org.rapport.privacy.spi;

/**
 * How any bundle adds to the audit log without depending on it: an OSGi Event Admin event on
 * {@value #TOPIC} with the properties below. Rule releases and feature installs are recorded
 * without one.
 */
public final class AuditEvents {

    /** Sent (synchronously, so the entry exists when the change returns) for each change to audit. */
    public static final String TOPIC = "org/rapport/audit/RECORD";
    /** Property: who made the change (String). */
    public static final String ACTOR = "audit.actor";
    /** Property: what was done, as {@code scope.verb}: {@code contact.update}, {@code user.roles} (String). */
    public static final String ACTION = "audit.action";
    /** Property: what it was done to: {@code contact 17}, {@code user grace} (String). */
    public static final String SUBJECT = "audit.subject";
    /** Property: the state before, for people to read; absent for a creation (String). */
    public static final String BEFORE = "audit.before";
    /** Property: the state after; absent for a deletion (String). */
    public static final String AFTER = "audit.after";
    /** Property: the contact the entry is about, so erasure can reach it (Long); absent otherwise. */
    public static final String CONTACT_ID = "audit.contact";

    private AuditEvents() {
    }
}

package org.rapport.privacy.spi;

import java.time.Instant;

/**
 * One audited change: who, when, what, to what, before and after.
 *
 * @param contactId the contact it is about, or null
 */
public record AuditEntry(long id, Instant at, String actor, String action, String subject, String before, String after,
        Long contactId) {
}

package org.rapport.privacy.spi;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Every change to personal data and consent and every administrative action (feature installs,
 * rule releases, users and roles). Entries are only ever added: the product has no way to change
 * or delete one; erasure replaces the personal values of a forgotten contact's entries.
 */
@ProviderType
public interface AuditLog {

    /**
     * Adds an entry.
     *
     * @param before the state before, or null for a creation
     * @param after the state after, or null for a deletion
     * @param contactId the contact it is about, or null
     */
    AuditEntry record(String actor, String action, String subject, String before, String after, Long contactId);

    /**
     * Entries newest first, filtered by any of subject, actor and action prefix (null for any).
     */
    List<AuditEntry> find(String subject, String actor, String actionPrefix, int limit);
}

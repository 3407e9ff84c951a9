package org.rapport.privacy.api;

import org.osgi.annotation.versioning.ProviderType;

/** The right to be forgotten and the right to portability, across every registered participant. */
@ProviderType
public interface ErasureService {

    /**
     * Erases the contact's personal data from every participant and keeps the report (which
     * holds no personal values) as evidence.
     *
     * @throws IllegalArgumentException if the contact does not exist
     * @throws IllegalStateException if the contact is under legal hold; nothing is erased
     */
    ErasureReport erase(long contactId, String actor);

    /**
     * Gathers everything held about the contact from every participant.
     *
     * @throws IllegalArgumentException if the contact does not exist
     */
    ContactExport export(long contactId);
}

package org.rapport.privacy.api;

import java.util.Set;

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
     * Gathers everything held about the contact from every participant: an administrator's export
     * for the data subject, complete.
     *
     * @throws IllegalArgumentException if the contact does not exist
     */
    ContactExport export(long contactId);

    /**
     * Gathers what the user or API key {@code requester}, holding {@code roles} ({@code admin},
     * {@code agent}, {@code analyst}, {@code partner}), may read about the contact from every
     * participant: complete for an administrator; each participant leaves out, for anyone else,
     * what it keeps from them elsewhere (the service desk: cases of queues they may not see, and
     * internal notes for partner keys).
     *
     * @throws IllegalArgumentException if the contact does not exist
     * @since 2.1
     */
    ContactExport export(long contactId, String requester, Set<String> roles);
}

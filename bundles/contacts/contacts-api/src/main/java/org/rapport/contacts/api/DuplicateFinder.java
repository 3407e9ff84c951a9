package org.rapport.contacts.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds contacts that are likely the same person. Two contacts match on the same mailbox (emails
 * that differ only in case, a {@code +tag} or, at Gmail, dots: 90), the same phone (60), or the
 * same first and last name (40, only together with another reason or the same email domain).
 */
@ProviderType
public interface DuplicateFinder {

    /**
     * Contacts that may be the same person as {@code contactId}, most likely first. Other addresses
     * of the same mailbox are found when they start like the contact's own (up to a {@code +} or
     * the first dot).
     *
     * @throws IllegalArgumentException if there is no such contact
     */
    List<DuplicateCandidate> duplicatesOf(long contactId);

    /**
     * Likely duplicates among all contacts that share a phone or a name, most likely first, at
     * most {@code limit}, scoring at least {@code minimumScore}.
     *
     * @throws IllegalArgumentException for a limit outside 1 to 500
     */
    List<DuplicateCandidate> duplicates(int minimumScore, int limit);
}

package org.rapport.privacy.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one gate that every outbound communication and every profiling action passes, asked when
 * the action executes (not only when it was scheduled): a withdrawal recorded in between blocks
 * it. The newest consent record of the purpose for this channel or for every channel decides;
 * without a grant in force the action is blocked, and the block is recorded with its reason.
 * The privacy capability provides it; the records and blocks it reads are privacy's.
 */
@ProviderType
public interface ConsentGate {

    /**
     * Asks whether {@code action} may reach or profile the contact now.
     *
     * @param channel the channel the action uses, as contacts names it ({@code email},
     *        {@code in-person}: {@code org.rapport.contacts.api.Channel#label()}), or null for an
     *        action on no channel (profiling). A name, not the contacts type, so that the platform
     *        does not depend on a capability.
     * @param action what is about to happen, for the record ({@code email campaign "spring"})
     * @param requester the bundle, plugin or user asking
     * @throws IllegalArgumentException if {@code channel} names no channel
     */
    ConsentVerdict check(long contactId, String purpose, String channel, String action, String requester);
}

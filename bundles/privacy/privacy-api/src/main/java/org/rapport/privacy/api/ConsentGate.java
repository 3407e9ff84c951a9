package org.rapport.privacy.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.rapport.contacts.api.Channel;

/**
 * The one gate that every outbound communication and every profiling action passes, asked when
 * the action executes (not only when it was scheduled): a withdrawal recorded in between blocks
 * it. The newest consent record of the purpose for this channel or for every channel decides;
 * without a grant in force the action is blocked, and the block is recorded with its reason.
 */
@ProviderType
public interface ConsentGate {

    /**
     * Asks whether {@code action} may reach or profile the contact now.
     *
     * @param channel the channel the action uses, or null for an action on no channel (profiling)
     * @param action what is about to happen, for the record ({@code email campaign "spring"})
     * @param requester the bundle, plugin or user asking
     */
    ConsentVerdict check(long contactId, String purpose, Channel channel, String action, String requester);

    /** The contact's blocked actions, newest first. */
    List<ConsentBlock> blocks(long contactId, int limit);
}

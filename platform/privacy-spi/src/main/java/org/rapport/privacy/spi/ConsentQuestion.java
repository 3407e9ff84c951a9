package org.rapport.privacy.spi;

/**
 * One question of a batch to the consent gate ({@link ConsentGate#checkAll}): what
 * {@link ConsentGate#check} takes for one action.
 *
 * @param contactId the contact the action reaches or profiles
 * @param purpose the purpose asked about
 * @param channel the channel's name ({@code email}), or null for an action on no channel
 * @param action what is about to happen, for the record
 * @param requester the bundle, plugin or user asking
 */
public record ConsentQuestion(long contactId, String purpose, String channel, String action, String requester) {
}

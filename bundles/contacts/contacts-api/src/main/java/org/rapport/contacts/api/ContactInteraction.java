package org.rapport.contacts.api;

/**
 * One interaction of a batch ({@link InteractionService#recordAll}) and the contact it is for.
 *
 * @param contactId the contact whose timeline it goes on
 * @param interaction what to record, as {@link InteractionService#record} takes it
 */
public record ContactInteraction(long contactId, NewInteraction interaction) {
}

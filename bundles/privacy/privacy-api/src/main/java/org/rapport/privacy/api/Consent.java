package org.rapport.privacy.api;

import java.time.Instant;

import org.rapport.contacts.api.Channel;

/**
 * One record of a contact's consent history. Records are never changed: a withdrawal is a new
 * record, and the current state of a purpose and channel is its newest record.
 *
 * @param channel the channel it covers, or null for every channel
 * @param expiresAt when a grant lapses, or null
 * @param actor who recorded it: a user, an API key's name, or a plugin
 */
public record Consent(long id, long contactId, String purpose, Channel channel, ConsentState state, LawfulBasis basis,
        String source, String proof, Instant recordedAt, Instant expiresAt, String actor) {

    /** Whether this record lets processing go ahead at {@code at}. */
    public boolean permits(Instant at) {
        return state == ConsentState.GRANTED && (expiresAt == null || expiresAt.isAfter(at));
    }
}

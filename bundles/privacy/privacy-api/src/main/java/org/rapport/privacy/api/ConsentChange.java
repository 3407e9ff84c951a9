package org.rapport.privacy.api;

import java.time.Instant;

import org.rapport.contacts.api.Channel;

/**
 * A grant or withdrawal to record.
 *
 * @param purpose one of the purposes the administrator configured ({@code marketing},
 *        {@code profiling}, {@code service}, ...)
 * @param channel the channel it covers, or null for every channel
 * @param basis the lawful basis of a grant; null means {@link LawfulBasis#CONSENT}
 * @param source where it was given or withdrawn ({@code web form /newsletter}, {@code call centre})
 * @param proof what shows it, such as the double opt-in confirmation's id; optional
 * @param expiresAt when a grant lapses, or null; not in the past
 */
public record ConsentChange(long contactId, String purpose, Channel channel, ConsentState state, LawfulBasis basis,
        String source, String proof, Instant expiresAt) {
}

package org.rapport.contacts.api;

import java.time.Instant;

/**
 * When a contact last showed a sign of life.
 *
 * @param at its newest interaction, or its last change when that is later
 */
public record LastSeen(long contactId, Instant at) {
}

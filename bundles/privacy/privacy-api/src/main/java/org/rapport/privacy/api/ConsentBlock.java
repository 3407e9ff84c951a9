package org.rapport.privacy.api;

import java.time.Instant;

import org.rapport.contacts.api.Channel;

/** An action the gate refused, kept as evidence: what, for whom, asked by whom, and why not. */
public record ConsentBlock(long id, long contactId, String purpose, Channel channel, String action, String requester,
        String reason, Instant at) {
}

package org.rapport.communication.api;

import java.time.Instant;

/**
 * A message in the log, with its outcome.
 *
 * @param template the template's code
 * @param reference the sender's key for the message (a retention action's id, say): a second
 *        request with the same reference returns this message instead of sending again; may be null
 * @param requester who asked for it: a user, an API key, a bundle
 * @param attempts how many deliveries were tried
 * @param lastError why the last attempt failed or the gate refused, or null
 * @param providerReference what the channel's other side called it (an SMTP Message-ID), or null
 * @param nextAttemptAt when the dispatcher tries next, or null when it is settled
 * @param sentAt when the channel accepted it, or null
 * @param html the rendered HTML body, or null when the template has none
 */
public record Message(long id, long contactId, String channel, String template, String language, String purpose,
        String address, String subject, String body, MessageStatus status, int attempts, String lastError,
        String providerReference, String reference, String requester, Instant createdAt, Instant nextAttemptAt,
        Instant sentAt, String html) {

    /** A message with a text body only. */
    public Message(long id, long contactId, String channel, String template, String language, String purpose,
            String address, String subject, String body, MessageStatus status, int attempts, String lastError,
            String providerReference, String reference, String requester, Instant createdAt, Instant nextAttemptAt,
            Instant sentAt) {
        this(id, contactId, channel, template, language, purpose, address, subject, body, status, attempts, lastError,
                providerReference, reference, requester, createdAt, nextAttemptAt, sentAt, null);
    }
}

package org.rapport.communication.api;

import java.time.Instant;
import java.util.List;

/**
 * A message a customer (or a machine on their behalf) sent to Rapport: an email read from the
 * mailbox, an SMS reply, a chat or social message a gateway delivered. Its text is plain text:
 * HTML is reduced to its text when it arrives, and nothing in it is ever interpreted.
 *
 * @param id its id in Rapport's inbound log
 * @param channel where it came in: {@code email}, or the name of the inbound webhook ({@code sms})
 * @param from the sender's address on that channel (an email address, a phone number, a handle)
 * @param contactId the contact the sender's address belongs to, or null when none matched
 * @param subject the subject line, or null (channels without one)
 * @param text the body as plain text, cut at {@link #MAX_TEXT} characters
 * @param messageId the sender's id for it (an email's {@code Message-ID}, a gateway's message id);
 *        Rapport records each id of a channel once
 * @param inReplyTo the {@code In-Reply-To} of an email, or the id a gateway says it answers; may be null
 * @param references the {@code References} of an email, oldest first; empty when none
 * @param answers the id of Rapport's own message ({@link Message#id()}) it answers, when its
 *        threading headers name one; null otherwise
 * @param receivedAt when Rapport received it
 * @param kind a person's message, an automatic reply or a bounce
 * @param unauthenticated why the sender is not taken as who it says (the receiving mail server's
 *        SPF, DKIM or DMARC result failed, or none was there where one is required), or null;
 *        such a message matches no contact (1.5)
 * @param attachments the files of a mail, as it is read and handed to listeners; empty when the
 *        message is read back from the log (1.5)
 * @param authenticated whether the sender is vouched for: the receiving mail server's DMARC pass, or
 *        an SPF or DKIM pass aligned with the {@code From} domain, by the configured
 *        {@code authservId}; or a signed inbound webhook's gateway. A mail taken at its word (no
 *        sender checks, or no verdict) is not (1.6)
 */
public record InboundMessage(long id, String channel, String from, Long contactId, String subject, String text,
        String messageId, String inReplyTo, List<String> references, Long answers, Instant receivedAt,
        InboundKind kind, String unauthenticated, List<InboundAttachment> attachments, boolean authenticated) {

    /** The most characters of text kept. */
    public static final int MAX_TEXT = 100_000;

    public InboundMessage {
        references = references == null ? List.of() : List.copyOf(references);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message whose sender is not authenticated, as before 1.6. */
    public InboundMessage(long id, String channel, String from, Long contactId, String subject, String text,
            String messageId, String inReplyTo, List<String> references, Long answers, Instant receivedAt,
            InboundKind kind, String unauthenticated, List<InboundAttachment> attachments) {
        this(id, channel, from, contactId, subject, text, messageId, inReplyTo, references, answers, receivedAt, kind,
                unauthenticated, attachments, false);
    }

    /** A message whose sender was taken at its word, as before 1.5. */
    public InboundMessage(long id, String channel, String from, Long contactId, String subject, String text,
            String messageId, String inReplyTo, List<String> references, Long answers, Instant receivedAt,
            InboundKind kind) {
        this(id, channel, from, contactId, subject, text, messageId, inReplyTo, references, answers, receivedAt, kind,
                null, null, false);
    }
}

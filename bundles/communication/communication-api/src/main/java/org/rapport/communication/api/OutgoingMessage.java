package org.rapport.communication.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rendered message as a channel receives it.
 *
 * @param id the message's id in the log; a channel may send it along so replies and receipts
 *        can be matched (the email channel puts it in an {@code X-Rapport-Message} header)
 * @param address where to send it, as the channel's {@link MessageChannel#address} gave it
 * @param subject a subject line; channels without one (SMS) ignore it
 * @param language the language it was rendered in, a BCP 47 tag such as {@code en} or {@code fr}
 * @param purpose the purpose the consent gate allowed it for ({@code marketing}, {@code service})
 * @param headers the sender's header fields ({@link SendRequest#headers()}), in their order; a
 *        channel that carries header fields (email) writes them, the others ignore them
 * @param inReplyTo the id the other side gave the inbound message this one answers (an email's
 *        {@code Message-ID}), or null; a channel that threads messages (email: {@code In-Reply-To})
 *        writes it
 * @param references the thread this message continues, oldest first, ending with {@code inReplyTo}
 *        (email: {@code References}); empty when it answers nothing
 * @param html the rendered HTML body, or null when the template has none; a channel that renders
 *        HTML (email: the second part of a {@code multipart/alternative}) sends it besides
 *        {@code body}, the others may ignore it
 * @param deliveryKey drawn once for the message (128 random bits in 32 lower-case hex digits) and
 *        the same on every attempt to send it, or null: a channel makes what must not change
 *        between attempts of it (the email channel's {@code Message-ID}), so a message sent again
 *        after an attempt that failed is the same message to its recipient, threaded and
 *        de-duplicated by their mail client; since 1.7
 */
public record OutgoingMessage(long id, long contactId, String address, String subject, String body, String language,
        String purpose, Map<String, String> headers, String inReplyTo, List<String> references, String html,
        List<MessageAttachment> attachments, String deliveryKey) {

    /** Lower-case hex digits, 32 of them: what a delivery key is. */
    public static final Pattern DELIVERY_KEY = Pattern.compile("[0-9a-f]{32}");

    public OutgoingMessage {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(body, "body");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        references = references == null ? List.of() : List.copyOf(references);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (deliveryKey != null && !DELIVERY_KEY.matcher(deliveryKey).matches()) {
            throw new IllegalArgumentException("deliveryKey: '" + deliveryKey + "' is not 32 lower-case hex digits");
        }
    }

    /** A message without a delivery key, as before 1.7: the channel draws what it needs for each attempt. */
    public OutgoingMessage(long id, long contactId, String address, String subject, String body, String language,
            String purpose, Map<String, String> headers, String inReplyTo, List<String> references, String html,
            List<MessageAttachment> attachments) {
        this(id, contactId, address, subject, body, language, purpose, headers, inReplyTo, references, html, attachments,
                null);
    }

    /** A message without files, as before 1.5. */
    public OutgoingMessage(long id, long contactId, String address, String subject, String body, String language,
            String purpose, Map<String, String> headers, String inReplyTo, List<String> references, String html) {
        this(id, contactId, address, subject, body, language, purpose, headers, inReplyTo, references, html, null);
    }

    /** A message with a text body only. */
    public OutgoingMessage(long id, long contactId, String address, String subject, String body, String language,
            String purpose, Map<String, String> headers, String inReplyTo, List<String> references) {
        this(id, contactId, address, subject, body, language, purpose, headers, inReplyTo, references, null, null);
    }

    /** A message that answers nothing. */
    public OutgoingMessage(long id, long contactId, String address, String subject, String body, String language,
            String purpose, Map<String, String> headers) {
        this(id, contactId, address, subject, body, language, purpose, headers, null, null, null, null);
    }

    /** A message without header fields of the sender's. */
    public OutgoingMessage(long id, long contactId, String address, String subject, String body, String language,
            String purpose) {
        this(id, contactId, address, subject, body, language, purpose, null, null, null, null, null);
    }
}

package org.rapport.communication.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
 */
public record OutgoingMessage(long id, long contactId, String address, String subject, String body, String language,
        String purpose, Map<String, String> headers) {

    public OutgoingMessage {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(body, "body");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A message without header fields of the sender's. */
    public OutgoingMessage(long id, long contactId, String address, String subject, String body, String language,
            String purpose) {
        this(id, contactId, address, subject, body, language, purpose, null);
    }
}

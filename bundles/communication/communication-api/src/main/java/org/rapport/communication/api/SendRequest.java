package org.rapport.communication.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message to send to a contact.
 *
 * @param channel the name of a registered {@link MessageChannel}
 * @param template the code of a stored template
 * @param purpose the purpose to ask the consent gate about ({@code marketing}, {@code service})
 * @param variables values for the template's {@code {{var.name}}} placeholders; may be null
 * @param reference the sender's idempotency key, unique among messages; may be null
 * @param headers header fields for channels that carry them (email: {@code List-Unsubscribe});
 *        a name is letters, digits and {@code -}, a value one line; the fields a channel writes
 *        itself (from, to, subject, date, message id, content) are refused; may be null
 * @param inReplyTo the id of the {@link InboundMessage} of the same contact this message answers,
 *        or null: the platform then threads it (an email gets {@code In-Reply-To} and
 *        {@code References} from the inbound message's headers)
 * @param openPixel an https address (http only to this machine's loopback) of an image that
 *        counts the message as opened, or null: written as a one-pixel {@code <img>} at the end of
 *        the HTML body, and nowhere when the template has no HTML body. It is the sender's own
 *        address (a campaign's tracking), never a template's or a variable's markup
 * @param attachments files for a channel that carries them (email); checked, each refusal naming
 *        {@code attachments[i]}; kept with the message until it leaves; may be null (1.5)
 * @param keeper the capability that keeps the message from readers who may not see it (a service
 *        desk, {@code service}, for a case's reply), as {@link MessageService#file} files it: stored
 *        with the message as it is queued, so it is never readable by others in between; null for a
 *        message anyone reading the log reads (1.8)
 * @param label the keeper's label (a service desk: the case's queue); given with {@code keeper} or not
 *        at all (1.8)
 */
public record SendRequest(long contactId, String channel, String template, String purpose,
        Map<String, String> variables, String reference, Map<String, String> headers, Long inReplyTo,
        String openPixel, List<MessageAttachment> attachments, String keeper, String label) {

    public SendRequest {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message nobody keeps, as before 1.8. */
    public SendRequest(long contactId, String channel, String template, String purpose, Map<String, String> variables,
            String reference, Map<String, String> headers, Long inReplyTo, String openPixel,
            List<MessageAttachment> attachments) {
        this(contactId, channel, template, purpose, variables, reference, headers, inReplyTo, openPixel, attachments, null,
                null);
    }

    /** A message without files, as before 1.5. */
    public SendRequest(long contactId, String channel, String template, String purpose, Map<String, String> variables,
            String reference, Map<String, String> headers, Long inReplyTo, String openPixel) {
        this(contactId, channel, template, purpose, variables, reference, headers, inReplyTo, openPixel, null, null, null);
    }

    /** A message without an open pixel. */
    public SendRequest(long contactId, String channel, String template, String purpose, Map<String, String> variables,
            String reference, Map<String, String> headers, Long inReplyTo) {
        this(contactId, channel, template, purpose, variables, reference, headers, inReplyTo, null, null, null, null);
    }

    /** A message that answers no inbound message. */
    public SendRequest(long contactId, String channel, String template, String purpose, Map<String, String> variables,
            String reference, Map<String, String> headers) {
        this(contactId, channel, template, purpose, variables, reference, headers, null, null, null, null, null);
    }

    /** A message without header fields of its own. */
    public SendRequest(long contactId, String channel, String template, String purpose, Map<String, String> variables,
            String reference) {
        this(contactId, channel, template, purpose, variables, reference, null, null, null, null, null, null);
    }
}

package org.rapport.communication.api;

import java.util.Map;

/**
 * A message to send to a contact.
 *
 * @param channel the name of a registered {@link MessageChannel}
 * @param template the code of a stored template
 * @param purpose the purpose to ask the consent gate about ({@code marketing}, {@code service})
 * @param variables values for the template's {@code {{var.name}}} placeholders; may be null
 * @param reference the sender's idempotency key, unique among messages; may be null
 */
public record SendRequest(long contactId, String channel, String template, String purpose,
        Map<String, String> variables, String reference) {

    public SendRequest {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}

package org.rapport.communication.api;

import java.time.Instant;

/**
 * The text of a message in one language. Subject and body may hold placeholders in double
 * braces: the contact's {@code {{firstName}}}, {@code {{lastName}}}, {@code {{displayName}}},
 * {@code {{email}}} and {@code {{contactId}}}, and {@code {{var.name}}} for a value the sender
 * passes. A message is rendered in the contact's language when the template has it, else in the
 * template's {@link MessageService#DEFAULT_LANGUAGE}.
 *
 * @param code lower-case letters, digits and '-' ({@code win-back-offer})
 * @param language a BCP 47 language tag ({@code en}, {@code fr}, {@code pt-BR})
 * @param body the text body, required: every message stays readable as text
 * @param updatedAt when it was last saved; ignored when saving
 * @param html an HTML body sent besides the text (email: {@code multipart/alternative}), or null.
 *        Placeholders in it are HTML-escaped when rendered. It is checked when saved against an
 *        allow-list: no scripts, event handlers, {@code javascript:} URLs, forms or frames, and
 *        no resource but https images and https or {@code mailto:} links; it is stored as parsed
 *        (every attribute quoted)
 */
public record Template(String code, String language, String subject, String body, Instant updatedAt, String html) {

    /** A template with a text body only. */
    public Template(String code, String language, String subject, String body, Instant updatedAt) {
        this(code, language, subject, body, updatedAt, null);
    }
}

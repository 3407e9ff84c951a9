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
 * @param updatedAt when it was last saved; ignored when saving
 */
public record Template(String code, String language, String subject, String body, Instant updatedAt) {
}

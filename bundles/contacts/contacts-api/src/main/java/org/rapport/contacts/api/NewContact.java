package org.rapport.contacts.api;

import java.util.Set;

/**
 * What a contact is made of, to create one or to replace its details; {@link ContactService}
 * validates it. Only {@code email} is required.
 *
 * @param phone digits with an optional leading '+' (spaces, dots, dashes and brackets are dropped)
 * @param language a BCP 47 language tag such as {@code en} or {@code pt-BR}
 * @param preferredChannel a {@link Channel} by name, such as {@code email}
 * @param tags lower-case labels such as {@code vip}
 */
public record NewContact(String email, String firstName, String lastName, String phone, String language,
        String preferredChannel, Set<String> tags) {

    /** A contact known by email and name only. */
    public NewContact(String email, String firstName, String lastName) {
        this(email, firstName, lastName, null, null, null, null);
    }
}

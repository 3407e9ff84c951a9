package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stored contact. Names, phone, language and preferred channel may be null.
 *
 * @param tags sorted
 * @param updatedAt when the details last changed; {@code createdAt} until then
 */
public record Contact(long id, String email, String firstName, String lastName, String phone, String language,
        Channel preferredChannel, Set<String> tags, Instant createdAt, Instant updatedAt) {

    public Contact {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        tags = tags == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(tags));
    }

    /** First and last name, as far as they are known, or the email address. */
    public String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return name.isEmpty() ? email : name;
    }
}

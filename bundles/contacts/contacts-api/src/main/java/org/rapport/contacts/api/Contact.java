package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Objects;

/** A stored contact. First and last name may be null. */
public record Contact(long id, String email, String firstName, String lastName, Instant createdAt) {

    public Contact {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** First and last name, as far as they are known, or the email address. */
    public String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return name.isEmpty() ? email : name;
    }
}

package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An organisation contacts belong to: a company, a shop, a public body.
 *
 * @param domain the organisation's web or mail domain, lower-case, such as {@code example.com}; may be null
 * @param owner the user responsible for the account; may be null
 */
public record Account(long id, String name, String domain, String industry, Address address, String owner,
        Instant createdAt, Instant updatedAt) {

    public Account {
        Objects.requireNonNull(name, "name");
        address = address == null ? Address.NONE : address;
    }
}

package org.rapport.rest.security;

import java.util.Objects;
import java.util.Set;

/** A person who may log in, with the Rapport roles they hold. */
public record User(String name, Set<String> roles) {

    public User {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }
}

package org.rapport.sales.impl;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;

/** A user directory that knows some names and nothing else: what owner checks read. */
final class NamedUsers implements UserService {

    private final Set<String> names;

    NamedUsers(String... names) {
        this.names = Set.of(names);
    }

    @Override
    public List<User> list() {
        return names.stream().sorted().map(n -> new User(n, Set.of("agent"))).toList();
    }

    @Override
    public Optional<User> find(String name) {
        return names.contains(name) ? Optional.of(new User(name, Set.of("agent"))) : Optional.empty();
    }

    @Override
    public User create(String name, String password, Set<String> roles) {
        throw new IllegalStateException("a directory of names only");
    }

    @Override
    public void setPassword(String name, String password) {
        throw new IllegalStateException("a directory of names only");
    }

    @Override
    public User setRoles(String name, Set<String> roles) {
        throw new IllegalStateException("a directory of names only");
    }

    @Override
    public void delete(String name) {
        throw new IllegalStateException("a directory of names only");
    }
}

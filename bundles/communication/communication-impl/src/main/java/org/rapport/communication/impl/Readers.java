package org.rapport.communication.impl;

import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.rapport.communication.api.InboundReader;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;

/** Who reads the inbound log: the caller of a REST path, or the user of a shell session. */
public final class Readers {

    private static final Set<String> ALL = Set.of(Roles.ADMIN, Roles.ANALYST, Roles.AGENT, Roles.PARTNER);

    private Readers() {
    }

    /** The caller of a REST path, by its principal's name and {@code inRole}. */
    public static InboundReader of(String name, Predicate<String> inRole) {
        return new InboundReader(name, ALL.stream().filter(inRole).collect(Collectors.toUnmodifiableSet()));
    }

    /** The user of the shell session a command runs in. */
    public static InboundReader shell() {
        return new InboundReader(ShellUser.name(), ShellUser.hasRole(Roles.ADMIN) ? Set.of(Roles.ADMIN)
                : ALL.stream().filter(ShellUser::hasRole).collect(Collectors.toUnmodifiableSet()));
    }
}

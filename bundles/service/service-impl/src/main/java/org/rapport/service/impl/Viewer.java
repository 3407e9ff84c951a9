package org.rapport.service.impl;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.EntryKind;

/** Who is looking at cases: a user's (or an API key's) name and the roles they hold, for {@link QueueAccess}. */
public record Viewer(String name, Set<String> roles) {

    private static final Set<String> ALL = Set.of(Roles.ADMIN, Roles.ANALYST, Roles.AGENT, Roles.PARTNER);

    /** The caller of a REST path, by its principal's name and {@code inRole}. */
    public static Viewer of(String name, Predicate<String> inRole) {
        return new Viewer(name == null ? "" : name, ALL.stream().filter(inRole).collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * Whether internal notes are for this viewer: they are for colleagues, so a partner system (an
     * API key, even with {@code cases:read}) sees the conversation with the customer only.
     */
    public boolean readsNotes() {
        return !roles.contains(Roles.PARTNER);
    }

    /** The entries of a thread this viewer may read: all of them, but internal notes for a partner's key. */
    public List<CaseEntry> readable(List<CaseEntry> thread) {
        return readsNotes() ? thread : thread.stream().filter(e -> e.kind() != EntryKind.NOTE).toList();
    }

    /** The user of the shell session a command runs in. */
    public static Viewer shell() {
        return new Viewer(ShellUser.name(), ShellUser.hasRole(Roles.ADMIN) ? Set.of(Roles.ADMIN)
                : ALL.stream().filter(ShellUser::hasRole).collect(Collectors.toUnmodifiableSet()));
    }
}

package org.rapport.privacy.spi;

import java.util.Set;

/**
 * Who asked for a contact's export: the user's (or the API key's) name and the roles they hold
 * ({@code admin}, {@code agent}, {@code analyst}, {@code partner}). An administrator's export, made
 * for the data subject (the right of access and to portability), is complete; for anyone else a
 * participant leaves out what that caller may not read elsewhere.
 *
 * @param name the user's or API key's name
 * @param roles the roles they hold
 */
public record ExportRequester(String name, Set<String> roles) {

    /** The role of administrators, whose export is complete. */
    public static final String ADMIN = "admin";

    public ExportRequester {
        name = name == null ? "" : name;
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** An administrator's export for the data subject: everything held. */
    public static ExportRequester administrator(String name) {
        return new ExportRequester(name, Set.of(ADMIN));
    }

    /** Whether this is an administrator's export, which leaves nothing out. */
    public boolean complete() {
        return roles.contains(ADMIN);
    }
}

package org.rapport.rest;

import java.util.Set;

/**
 * The roles Rapport knows. People get them in the JAAS realm (the shell, SSH and HTTP Basic share
 * it); partner systems get {@link #PARTNER} with the scopes of their API key.
 */
public final class Roles {

    /** Features, configuration, users, API keys: everything. Passes every access check. */
    public static final String ADMIN = "admin";
    /** Rules (read, test, preview, deploy, roll back) and reports. */
    public static final String ANALYST = "analyst";
    /** Contacts, interactions and loyalty operations; no rules, no bulk export. */
    public static final String AGENT = "agent";
    /** A partner system: only what its API key's scopes allow. */
    public static final String PARTNER = "partner";

    /** The roles a person (a user of the realm) may hold. */
    public static final Set<String> PERSON_ROLES = Set.of(ADMIN, ANALYST, AGENT);

    private Roles() {
    }
}

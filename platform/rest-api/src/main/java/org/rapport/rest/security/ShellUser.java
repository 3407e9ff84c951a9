package org.rapport.rest.security;

import java.security.AccessController;
import java.security.Principal;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * The user a shell command runs as, for the records a command writes (ledger entries, consent,
 * releases): Karaf runs every command inside its session's JAAS subject.
 */
public final class ShellUser {

    private ShellUser() {
    }

    /** The session's user, or the operating system's user outside a shell session. */
    @SuppressWarnings("removal") // Subject.current() arrives with Java 18; Karaf 4.4 runs commands under doAs.
    public static String name() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (Principal principal : subject.getPrincipals(UserPrincipal.class)) {
                return principal.getName();
            }
        }
        return System.getProperty("user.name", "unknown");
    }
}

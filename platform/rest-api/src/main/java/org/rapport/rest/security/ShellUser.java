package org.rapport.rest.security;

import java.security.AccessController;
import java.security.Principal;
import java.util.List;
import java.util.stream.Stream;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.rapport.rest.Roles;

/**
 * The user a shell command runs as, for the records a command writes (ledger entries, consent,
 * releases), and whether it holds a role: Karaf runs every command inside its session's JAAS subject.
 *
 * <p>Karaf's command ACL ({@code etc/org.apache.karaf.command.acl.<scope>.cfg}) matches the
 * command line as text, so {@code --dry-run=false} or an option's name quoted inside another
 * option's value passes a pattern meant for a safe form. A command whose options change what it
 * does therefore lets the ACL name every role that may run any form of it, and checks the parsed
 * options itself with {@link #require}.
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

    /**
     * Whether the session's user holds one of these roles; an administrator holds every role.
     * Outside a shell session (no subject), nobody does.
     */
    @SuppressWarnings("removal")
    public static boolean hasRole(String... roles) {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            return false;
        }
        for (Principal principal : subject.getPrincipals(RolePrincipal.class)) {
            if (principal.getName().equals(Roles.ADMIN)) {
                return true;
            }
            for (String role : roles) {
                if (principal.getName().equals(role)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Refuses {@code what} (a command with the option that asks for it, such as
     * {@code "privacy:retention-run without --dry-run"}) unless the session's user holds one of
     * these roles or is an administrator.
     *
     * @throws SecurityException naming what was refused and the roles it needs
     */
    public static void require(String what, String... roles) {
        if (!hasRole(roles)) {
            List<String> others = Stream.of(roles).filter(r -> !r.equals(Roles.ADMIN)).toList();
            throw new SecurityException(what + " needs the role " + (others.isEmpty() ? Roles.ADMIN
                    : String.join(" or ", others) + " (or " + Roles.ADMIN + ")") + "; " + name() + " has not");
        }
    }
}

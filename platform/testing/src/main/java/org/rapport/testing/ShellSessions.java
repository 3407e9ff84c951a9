package org.rapport.testing;

import java.security.PrivilegedAction;
import java.util.function.Supplier;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/** Runs code as Karaf runs a shell session's: inside the JAAS subject of a user with one role. */
public final class ShellSessions {

    private ShellSessions() {
    }

    /** What {@code work} returns when a user holding {@code role} runs it in a shell session. */
    public static <T> T as(String role, Supplier<T> work) {
        Subject session = new Subject();
        session.getPrincipals().add(new UserPrincipal("a-" + role));
        session.getPrincipals().add(new RolePrincipal(role));
        return Subject.doAs(session, (PrivilegedAction<T>) work::get);
    }
}

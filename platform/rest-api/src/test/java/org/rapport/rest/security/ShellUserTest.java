package org.rapport.rest.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.security.PrivilegedAction;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.Test;

public class ShellUserTest {

    @Test
    public void aCommandIsAuthoredByTheUserOfItsSession() {
        Subject session = new Subject();
        session.getPrincipals().add(new RolePrincipal("analyst"));
        session.getPrincipals().add(new UserPrincipal("ada"));

        assertEquals("ada", Subject.doAs(session, (PrivilegedAction<String>) ShellUser::name));
    }

    @Test
    public void outsideASessionTheOperatingSystemUserIsTheAuthor() {
        assertEquals(System.getProperty("user.name"), ShellUser.name());
    }

    @Test
    public void anOptionThatNeedsARoleIsRefusedToOtherRoles() {
        Subject analyst = session("ana", "analyst");

        SecurityException refused = assertThrows(SecurityException.class, () -> Subject.doAs(analyst,
                (PrivilegedAction<Void>) () -> {
                    ShellUser.require("privacy:retention-run without --dry-run", "admin");
                    return null;
                }));
        assertEquals("privacy:retention-run without --dry-run needs the role admin; ana has not", refused.getMessage());
        Subject.doAs(analyst, (PrivilegedAction<Void>) () -> {
            ShellUser.require("messages:templates --set", "analyst");
            return null;
        });
        Subject.doAs(session("root", "admin"), (PrivilegedAction<Void>) () -> {
            ShellUser.require("messages:templates --set", "analyst");
            return null;
        });
    }

    @Test
    public void outsideASessionNobodyHoldsARole() {
        assertThrows(SecurityException.class, () -> ShellUser.require("loyalty:rewards --set", "agent"));
    }

    private static Subject session(String user, String role) {
        Subject session = new Subject();
        session.getPrincipals().add(new UserPrincipal(user));
        session.getPrincipals().add(new RolePrincipal(role));
        return session;
    }
}

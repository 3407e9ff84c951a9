package org.rapport.rest.security;

import static org.junit.Assert.assertEquals;

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
}

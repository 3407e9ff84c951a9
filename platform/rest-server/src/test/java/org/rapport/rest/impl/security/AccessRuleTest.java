package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Set;

import org.junit.Test;
import org.rapport.rest.Access;
import org.rapport.rest.Public;
import org.rapport.rest.Roles;

public class AccessRuleTest {

    @Access(roles = Roles.AGENT, scope = "things:read")
    static class Things {
        public void read() {
        }

        @Access(roles = Roles.ANALYST)
        public void analyse() {
        }

        @Public
        public void ping() {
        }
    }

    static class Unannotated {
        public void anything() {
        }
    }

    private static AccessRule rule(Class<?> type, String method) throws NoSuchMethodException {
        return AccessRule.of(type.getMethod(method), type);
    }

    @Test
    public void theMethodOverridesItsClass() throws NoSuchMethodException {
        AccessRule analyse = rule(Things.class, "analyse");
        assertTrue(analyse.allows(Caller.person("ana", Set.of(Roles.ANALYST))));
        assertFalse(analyse.allows(Caller.person("al", Set.of(Roles.AGENT))));
        assertFalse("no scope: closed to keys", analyse.allows(Caller.partner("shop", Set.of("things:read"))));
        assertTrue(rule(Things.class, "ping").isPublic());
    }

    @Test
    public void keysPassByScopeAndAdministratorsAlways() throws NoSuchMethodException {
        AccessRule read = rule(Things.class, "read");
        assertTrue(read.allows(Caller.partner("shop", Set.of("things:read"))));
        assertFalse(read.allows(Caller.partner("shop", Set.of("things:write"))));
        assertTrue(read.allows(Caller.person("root", Set.of(Roles.ADMIN))));
        assertFalse(read.allows(Caller.person("ana", Set.of(Roles.ANALYST, "ssh"))));
        assertEquals("user 'ana' (roles: analyst) may not call GET /x; it is for: agent, admin",
                read.refusal(Caller.person("ana", Set.of(Roles.ANALYST, "ssh")), "GET /x"));
    }

    @Test
    public void sayingNothingMeansAdministratorsOnly() throws NoSuchMethodException {
        AccessRule rule = rule(Unannotated.class, "anything");
        assertFalse(rule.isPublic());
        assertFalse(rule.allows(Caller.person("ana", Set.of(Roles.ANALYST, Roles.AGENT))));
        assertTrue(rule.allows(Caller.person("root", Set.of(Roles.ADMIN))));
    }
}

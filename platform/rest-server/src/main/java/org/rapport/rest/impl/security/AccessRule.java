package org.rapport.rest.impl.security;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.rapport.rest.Access;
import org.rapport.rest.Public;
import org.rapport.rest.Roles;

/**
 * Who may call one resource method: from its {@link Public} or {@link Access} annotation, else
 * its class's, else administrators only. Administrators pass every rule.
 */
record AccessRule(boolean isPublic, Set<String> roles, String scope) {

    static final AccessRule ADMIN_ONLY = new AccessRule(false, Set.of(Roles.ADMIN), "");

    static AccessRule of(Method method, Class<?> resource) {
        if (method != null) {
            if (method.isAnnotationPresent(Public.class)) {
                return new AccessRule(true, Set.of(), "");
            }
            Access access = method.getAnnotation(Access.class);
            if (access != null) {
                return of(access);
            }
        }
        if (resource != null) {
            if (resource.isAnnotationPresent(Public.class)) {
                return new AccessRule(true, Set.of(), "");
            }
            Access access = resource.getAnnotation(Access.class);
            if (access != null) {
                return of(access);
            }
        }
        return ADMIN_ONLY;
    }

    private static AccessRule of(Access access) {
        Set<String> roles = new LinkedHashSet<>(List.of(access.roles()));
        roles.add(Roles.ADMIN);
        return new AccessRule(false, roles, access.scope());
    }

    boolean allows(Caller caller) {
        if (isPublic || caller.roles().contains(Roles.ADMIN)) {
            return true;
        }
        if (caller.isPartner()) {
            return !scope.isEmpty() && caller.scopes().contains(scope);
        }
        return caller.roles().stream().anyMatch(roles::contains);
    }

    /** Why {@code caller} is refused, for the 403 message. */
    String refusal(Caller caller, String call) {
        if (caller.isPartner()) {
            return caller.describe() + " may not call " + call
                    + (scope.isEmpty() ? "; it is not open to API keys" : "; it needs the scope '" + scope + "'");
        }
        List<String> held = caller.roles().stream().filter(Roles.PERSON_ROLES::contains).sorted().toList();
        return caller.describe() + " (roles: " + (held.isEmpty() ? "none" : String.join(", ", held)) + ") may not call " + call + "; it is for: " + String.join(", ", roles);
    }
}

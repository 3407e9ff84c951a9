package org.rapport.rest.impl.security;

import java.security.Principal;
import java.util.Set;

import javax.ws.rs.core.SecurityContext;

import org.rapport.rest.Roles;

/** An authenticated caller: a person of the realm, or a partner system by its API key. */
final class Caller implements SecurityContext {

    static final String API_KEY_AUTH = "API_KEY";

    private final String name;
    private final Set<String> roles;
    private final Set<String> scopes;
    private final String scheme;
    private final boolean secure;

    private Caller(String name, Set<String> roles, Set<String> scopes, String scheme, boolean secure) {
        this.name = name;
        this.roles = Set.copyOf(roles);
        this.scopes = Set.copyOf(scopes);
        this.scheme = scheme;
        this.secure = secure;
    }

    static Caller person(String name, Set<String> roles) {
        return new Caller(name, roles, Set.of(), BASIC_AUTH, false);
    }

    static Caller partner(String keyName, Set<String> scopes) {
        return new Caller(keyName, Set.of(Roles.PARTNER), scopes, API_KEY_AUTH, false);
    }

    Caller secure(boolean isSecure) {
        return new Caller(name, roles, scopes, scheme, isSecure);
    }

    String name() {
        return name;
    }

    Set<String> roles() {
        return roles;
    }

    Set<String> scopes() {
        return scopes;
    }

    boolean isPartner() {
        return API_KEY_AUTH.equals(scheme);
    }

    @Override
    public Principal getUserPrincipal() {
        return () -> name;
    }

    @Override
    public boolean isUserInRole(String role) {
        return roles.contains(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return scheme;
    }

    /** How the caller is named in refusals and logs. */
    String describe() {
        return isPartner() ? "API key '" + name + "'" : "user '" + name + "'";
    }
}

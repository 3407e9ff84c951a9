package org.rapport.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a resource method (or every method of a resource class, unless the method says
 * otherwise). Administrators may always call it. A partner's API key may call it when the key
 * holds {@link #scope()}; a method without a scope is closed to partners.
 *
 * <pre>
 * &#64;GET &#64;Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {

    /** The roles, besides {@link Roles#ADMIN}, that may call. */
    String[] roles() default {};

    /** The API key scope that lets a partner call, such as {@code contacts:read}; empty for none. */
    String scope() default "";
}

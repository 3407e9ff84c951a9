package org.rapport.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method that takes a larger request body than the API's limit
 * ({@code maxRequestBytes}, 1 MiB as shipped): at most {@link #bytes()}, and never more than
 * {@code maxRouteRequestBytes} of {@code etc/org.rapport.rest.cfg} (16 MiB as shipped), whichever
 * is smaller. A body over it is a 413 however it is sent, with a Content-Length or in chunks. Give
 * it only to a method whose callers must be signed in: the body is read after the access check,
 * so nobody else gets to send that much.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequestLimit {

    /** The largest request body this method takes, in bytes. */
    long bytes();
}

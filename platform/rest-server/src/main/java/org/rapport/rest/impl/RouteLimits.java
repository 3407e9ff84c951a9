package org.rapport.rest.impl;

import java.lang.reflect.Method;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rapport.rest.RapportApi;
import org.rapport.rest.RequestLimit;

/**
 * The body limit of the method a request matched: what its {@link RequestLimit} asks for, bounded
 * by {@code maxRouteRequestBytes}, else the limit {@link HttpGuard} set. A Content-Length over it
 * is a 413 before anything is read, and the guard's counting stream refuses a body that grows
 * past it in chunks. It runs after matching but before the credentials are checked, as the guard.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = HttpGuard.PID)
@JaxrsExtension
@JaxrsName(RouteLimits.NAME)
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Priority(Priorities.AUTHENTICATION - 100)
public class RouteLimits implements ContainerRequestFilter {

    static final String NAME = "rapport.route-limits";

    private final long maxRouteRequestBytes;

    @Context
    private ResourceInfo resource;

    @Activate
    public RouteLimits(HttpGuard.Config config) {
        this.maxRouteRequestBytes = config.maxRouteRequestBytes();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getProperty(LimitedInputStream.PROPERTY) instanceof LimitedInputStream body)) {
            return;
        }
        long limit = body.limit();
        Method method = resource == null ? null : resource.getResourceMethod();
        RequestLimit asked = method == null ? null : method.getAnnotation(RequestLimit.class);
        if (asked != null) {
            limit = Math.max(limit, Math.min(asked.bytes(), maxRouteRequestBytes));
        }
        if (request.getLength() > limit) {
            request.abortWith(ErrorMapper.response(HttpGuard.tooLarge(limit).toError()));
            return;
        }
        body.limit(limit);
    }
}

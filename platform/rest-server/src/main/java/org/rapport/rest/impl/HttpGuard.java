package org.rapport.rest.impl;

import java.util.List;
import java.util.Set;

import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.rest.ApiException;
import org.rapport.rest.RapportApi;
import org.rapport.rest.impl.plugins.PluginUploadsResource;

/**
 * What every request and response of the API passes before anything else: the size limit on
 * request bodies (a larger one for plugin KARs uploaded by administrators), CORS for the origins of the web console only, and the security headers on every
 * response. The limit is checked on the Content-Length before anything is read, and on the bytes
 * actually read whatever the framing (chunked, or no length at all), so a body read by a JSON
 * reader, a CSV import or any other resource is cut off with a 413 at the limit.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class}, configurationPid = HttpGuard.PID)
@Designate(ocd = HttpGuard.Config.class)
@JaxrsExtension
@JaxrsName(HttpGuard.NAME)
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class HttpGuard implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String PID = "org.rapport.rest";
    static final String NAME = "rapport.guard";

    @ObjectClassDefinition(name = "Rapport REST API", description = "Limits and browser rules of the JSON API at /api/v1")
    public @interface Config {

        @AttributeDefinition(description = "The largest request body accepted, in bytes; larger ones get a 413")
        long maxRequestBytes() default 1024 * 1024;

        @AttributeDefinition(description = "The largest plugin KAR accepted by POST /api/v1/plugins/uploads, in bytes; "
                + "administrators only, as the body is read only once the caller is known to be one")
        long maxPluginUploadBytes() default 64L * 1024 * 1024;

        @AttributeDefinition(description = "Requests a client address may make to the public endpoints per minute")
        int publicRequestsPerMinute() default 120;

        @AttributeDefinition(description = "Failed logins per minute of one user name from one client address, over HTTP and SSH "
                + "together, before that name is refused there for a while (429 with Retry-After); an address gets five times as many over all names")
        int failedLoginsPerMinute() default 10;

        @AttributeDefinition(description = "Origins (such as https://crm.example.com) whose browser pages may call the API; "
                + "none by default, as the web console is served from the same origin")
        String[] corsAllowedOrigins() default {};

        @AttributeDefinition(description = "Send Strict-Transport-Security; turn on when the API is served over TLS only")
        boolean strictTransportSecurity() default false;
    }

    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, " + RapportApi.API_KEY_HEADER;

    private final long maxRequestBytes;
    private final long maxPluginUploadBytes;
    private final Set<String> allowedOrigins;
    private final boolean hsts;

    @Activate
    public HttpGuard(Config config) {
        this.maxRequestBytes = config.maxRequestBytes();
        this.maxPluginUploadBytes = config.maxPluginUploadBytes();
        this.allowedOrigins = Set.copyOf(List.of(config.corsAllowedOrigins()));
        this.hsts = config.strictTransportSecurity();
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(413, "payload_too_large", "the request body is larger than the limit of " + limit + " bytes");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin != null && HttpMethod.OPTIONS.equals(request.getMethod())
                && request.getHeaderString("Access-Control-Request-Method") != null) {
            if (!allowedOrigins.contains(origin)) {
                request.abortWith(ErrorMapper.response(new ApiException(403, "origin_not_allowed",
                        "the origin " + origin + " may not call this API from a browser").toError()));
                return;
            }
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Max-Age", "600")
                    .build());
            return;
        }
        long limit = isPluginUpload(request) ? maxPluginUploadBytes : maxRequestBytes;
        int length = request.getLength();
        if (length > limit) {
            request.abortWith(ErrorMapper.response(tooLarge(limit).toError()));
            return;
        }
        // Content-Length is absent with chunked transfer encoding, and a client may send more than
        // it announced: count what is read.
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
    }

    /**
     * A KAR upload gets the larger limit. Its resource is for administrators only, and the
     * security filter refuses anyone else before the body is read, so only they can send that much.
     */
    private static boolean isPluginUpload(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return HttpMethod.POST.equals(request.getMethod())
                && (path.startsWith("/") ? path.substring(1) : path).equals(PluginUploadsResource.PATH);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("Cache-Control", "no-store");
        if (hsts) {
            headers.putSingle("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        String origin = request.getHeaderString("Origin");
        if (origin != null && allowedOrigins.contains(origin)) {
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Allow-Credentials", "true");
            headers.add("Vary", "Origin");
        }
    }
}

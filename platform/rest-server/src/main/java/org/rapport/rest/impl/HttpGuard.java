package org.rapport.rest.impl;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.annotation.Priority;
import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.rest.ApiError;
import org.rapport.rest.ApiException;
import org.rapport.rest.RapportApi;
import org.rapport.rest.impl.plugins.PluginUploadsResource;
import org.rapport.rest.impl.security.SecurityFilter;
import org.rapport.rest.impl.security.TrustedProxies;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What every request and response of the API passes before anything else: the size limit on
 * request bodies (a larger one for plugin KARs uploaded by administrators, and for the methods
 * marked {@link org.rapport.rest.RequestLimit}, set by {@link RouteLimits}), CORS for the origins of the web console only, and the security headers on every
 * response. The limit is checked on the Content-Length before anything is read, and on the bytes
 * actually read whatever the framing (chunked, or no length at all), so a body read by a JSON
 * reader, a CSV import or any other resource is cut off with a 413 at the limit. It also finds
 * the client's address ({@link TrustedProxies}): behind a trusted proxy, every filter and resource
 * after it is handed a request whose {@code getRemoteAddr()} is the client the proxy names
 * ({@link ClientAddressRequest}). And it sends every refusal to the audit log ({@link RefusalAudit}).
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

        @AttributeDefinition(description = "The most a resource method marked @RequestLimit may take, in bytes, whatever "
                + "it asks for (the service desk's replies with files ask for 14 MiB); the others keep maxRequestBytes")
        long maxRouteRequestBytes() default 16L * 1024 * 1024;

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

        @AttributeDefinition(description = "Reverse proxies (addresses such as 10.0.0.5, networks such as 10.0.0.0/8) whose "
                + "X-Forwarded-For names the client for the login throttle, rate limits and the audit log; none by default, "
                + "and the header is ignored from every other peer")
        String[] trustedProxies() default {};
    }

    /** Methods that change nothing, which a page of another site may make a browser send anyway (it cannot read the answer). */
    private static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, " + RapportApi.API_KEY_HEADER;

    /** Refusals audited (see {@link RefusalAudit}) by status, with the kind they are recorded as. */
    private static final Map<Integer, String> AUDITED = Map.of(401, "credentials", 403, "access", 413, "size", 429, "rate");

    private final long maxRequestBytes;
    private final long maxPluginUploadBytes;
    private final long maxRouteRequestBytes;
    private final Set<String> allowedOrigins;
    private final boolean hsts;
    private final TrustedProxies proxies;
    private final RefusalAudit audit;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Context
    private HttpServletRequest servletRequest;
    @Context
    private HttpServletResponse servletResponse;

    @Activate
    public HttpGuard(Config config, @Reference RefusalAudit audit) {
        this.maxRequestBytes = config.maxRequestBytes();
        this.maxPluginUploadBytes = config.maxPluginUploadBytes();
        this.maxRouteRequestBytes = config.maxRouteRequestBytes();
        this.allowedOrigins = Set.copyOf(listed(config.corsAllowedOrigins()));
        this.hsts = config.strictTransportSecurity();
        this.proxies = TrustedProxies.of(listed(config.trustedProxies()).toArray(String[]::new));
        this.audit = audit;
    }

    /**
     * The entries of a list setting. A line of {@code etc/org.rapport.rest.cfg} such as
     * {@code trustedProxies = 127.0.0.1, 10.0.0.0/8} arrives as one string, not as an array, so
     * each value is split at its commas; blanks are dropped.
     */
    static List<String> listed(String[] values) {
        List<String> entries = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String entry : (value == null ? "" : value).split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(413, "payload_too_large", "the request body is larger than the limit of " + limit + " bytes");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        behindProxy();
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
        boolean upload = isPluginUpload(request);
        long limit = upload ? maxPluginUploadBytes : maxRequestBytes;
        // A Content-Length over every limit is refused here; one over this path's own limit once it
        // is matched (RouteLimits), still before the credentials are checked and anything is read.
        if (request.getLength() > Math.max(limit, maxRouteRequestBytes)) {
            request.abortWith(ErrorMapper.response(tooLarge(limit).toError()));
            return;
        }
        if (upload && isForm(request) && !fromOwnPage(request, origin)) {
            request.abortWith(ErrorMapper.response(new ApiException(403, "origin_not_allowed", "a form on a page of "
                    + origin + " may not upload plugins here: upload from the console, or send the KAR from a script").toError()));
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                && !fromOwnPage(request, origin)) {
            // A browser sends the HTTP Basic credentials it keeps for this server with a form any page posts here.
            request.abortWith(ErrorMapper.response(new ApiException(403, "origin_not_allowed", "a page of " + origin
                    + " may not send this request with the credentials a browser keeps for this server").toError()));
            return;
        }
        // Content-Length is absent with chunked transfer encoding, and a client may send more than
        // it announced: count what is read.
        LimitedInputStream body = new LimitedInputStream(request.getEntityStream(), limit, this::answerBrokenBody);
        request.setProperty(LimitedInputStream.PROPERTY, body);
        request.setEntityStream(body);
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

    private static boolean isForm(ContainerRequestContext request) {
        return PluginUploadsResource.isForm(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
    }

    /**
     * Whether a request that changes something comes from a page this server may trust. A form
     * (and a request without a body) needs no CORS preflight, so a page of any site could make an
     * administrator's browser send one with the HTTP Basic credentials it keeps for this API;
     * browsers name the page's origin in {@code Origin}. Trusted: no
     * {@code Origin} (not a browser page), this server's own origin, an origin allowed for CORS, or
     * a script ({@code X-Requested-With}, which a page of another origin can send only after a
     * preflight, refused unless its origin is allowed).
     */
    private boolean fromOwnPage(ContainerRequestContext request, String origin) {
        if (origin == null || allowedOrigins.contains(origin)
                || "XMLHttpRequest".equalsIgnoreCase(request.getHeaderString("X-Requested-With"))) {
            return true;
        }
        try {
            URI page = URI.create(origin);
            URI server = request.getUriInfo().getBaseUri();
            return page.getScheme() != null && page.getScheme().equalsIgnoreCase(server.getScheme())
                    && page.getHost() != null && page.getHost().equalsIgnoreCase(server.getHost())
                    && port(page) == port(server);
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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
        auditRefusal(request, response);
    }

    /**
     * Every 401, 403, 413 and 429 to the audit log, whoever refused it (the security filter, this
     * guard, a resource); a throttled login is audited by the throttle itself.
     */
    private void auditRefusal(ContainerRequestContext request, ContainerResponseContext response) {
        String kind = AUDITED.get(response.getStatus());
        if (kind == null) {
            return;
        }
        String code = response.getEntity() instanceof ApiError error ? error.code() : ErrorMapper.code(response.getStatus());
        if ("too_many_failed_logins".equals(code)) {
            return;
        }
        String why = response.getEntity() instanceof ApiError error ? code + ": " + error.message() : code;
        Object who = request.getProperty(SecurityFilter.WHO);
        audit.refused(kind, who instanceof String name ? name : SecurityFilter.actor(
                request.getHeaderString(HttpHeaders.AUTHORIZATION), request.getHeaderString(RapportApi.API_KEY_HEADER), false),
                remoteAddress(),
                request.getMethod() + " " + RapportApi.BASE_PATH + "/" + request.getUriInfo().getPath(true).replaceFirst("^/", ""),
                why);
    }

    /**
     * Answers a body whose framing is broken (a chunk size that is no number) with a 400 in the
     * error shape at once, and ends the answer: Jetty's parser has given up on the connection, and
     * CXF's own answer would fail when it drains the body first (an empty 200 reached the client).
     */
    private void answerBrokenBody() {
        try {
            HttpServletResponse answer = servletResponse;
            if (answer.isCommitted()) {
                return;
            }
            byte[] body = JSON.writeValueAsBytes(LimitedInputStream.malformed().toError());
            answer.setStatus(400);
            answer.setContentType("application/json");
            answer.setHeader("Connection", "close");
            answer.setContentLength(body.length);
            answer.getOutputStream().write(body);
            answer.getOutputStream().close();
        } catch (IOException | RuntimeException clientGone) {
            // the connection is gone; nothing to answer
        }
    }

    /**
     * When the peer is a trusted proxy naming another client, hands everything after this filter
     * (the security filter, the resources) a request whose {@code getRemoteAddr()} is that client:
     * the request of the exchange is replaced by {@link ClientAddressRequest}. From any other peer
     * the request stays as it came, and a client cannot choose its address with a header.
     */
    private void behindProxy() {
        if (proxies.isEmpty()) {
            return;
        }
        Message message = PhaseInterceptorChain.getCurrentMessage();
        if (message == null || !(message.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest peer)) {
            return;
        }
        String client = proxies.client(peer.getRemoteAddr(), peer.getHeaders(TrustedProxies.HEADER));
        if (!client.equals(peer.getRemoteAddr())) {
            message.put(AbstractHTTPDestination.HTTP_REQUEST, new ClientAddressRequest(peer, client));
        }
    }

    /** The client's address: after {@link #behindProxy}, the request's remote address is it. */
    private String remoteAddress() {
        try {
            return servletRequest.getRemoteAddr();
        } catch (RuntimeException outsideServlet) {
            return "unknown";
        }
    }
}

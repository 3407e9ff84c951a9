package org.rapport.rest.impl.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rapport.rest.ApiError;
import org.rapport.rest.RapportApi;
import org.rapport.rest.impl.ErrorMapper;
import org.rapport.rest.impl.HttpGuard;
import org.rapport.rest.security.ApiKeyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request and checks it against the access rule of the method it reaches.
 * People send HTTP Basic credentials of the JAAS realm; partner systems send an API key in
 * {@value RapportApi#API_KEY_HEADER} or as {@code Authorization: Bearer}. No credentials on a
 * non-public method is a 401; wrong credentials are a 401 and count against the client address and
 * the name tried ({@link LoginThrottle}), which get 429s with {@code Retry-After} after too many;
 * the wrong role or scope is a 403. Public methods are rate limited per client address. A 401 challenges for HTTP Basic unless the request comes from a
 * script that signs in by itself ({@value #SCRIPT_HEADER}: {@code XMLHttpRequest}, as the web
 * console sends), so a browser shows its own login dialog only to people who browse the API.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = HttpGuard.PID)
@JaxrsExtension
@JaxrsName(SecurityFilter.NAME)
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Priority(Priorities.AUTHENTICATION)
public class SecurityFilter implements ContainerRequestFilter {

    public static final String NAME = "rapport.security";

    private static final Logger LOG = LoggerFactory.getLogger(SecurityFilter.class);
    private static final String CHALLENGE = "Basic realm=\"Rapport\", charset=\"UTF-8\"";
    /** Sent by scripts that handle a 401 themselves. */
    static final String SCRIPT_HEADER = "X-Requested-With";
    /** The name failed API keys are counted under: a key names no person. */
    static final String KEY_NAME = "API key";
    /** Request property: who the request is from, as the audit log names a refusal's actor (see {@link #actor}). */
    public static final String WHO = "rapport.who";
    private static final Pattern KEY_ID = Pattern.compile("rpk_([a-z0-9]{12})_.*");

    private final RealmLogin realm;
    private final ApiKeyService keys;
    private final RateLimiter publicRequests;
    private final LoginThrottle throttle;

    @Context
    private ResourceInfo resourceInfo;
    @Context
    private HttpServletRequest servletRequest;

    @Activate
    public SecurityFilter(@Reference RealmLogin realm, @Reference ApiKeyService keys, @Reference LoginThrottle throttle,
            HttpGuard.Config config) {
        this.realm = realm;
        this.keys = keys;
        this.throttle = throttle;
        this.publicRequests = new RateLimiter(config.publicRequestsPerMinute());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AccessRule rule = AccessRule.of(resourceInfo.getResourceMethod(), resourceInfo.getResourceClass());
        // Behind a trusted proxy, the client it names: HttpGuard hands this filter such a request.
        String client = clientAddress();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String apiKey = request.getHeaderString(RapportApi.API_KEY_HEADER);
        request.setProperty(WHO, actor(authorization, apiKey, false));
        if (authorization == null && apiKey == null) {
            if (rule.isPublic()) {
                if (!publicRequests.tryAcquire(client)) {
                    long seconds = Math.max(1, (publicRequests.nanosUntilToken(client) + 999_999_999L) / 1_000_000_000L);
                    tooMany(request, "too_many_requests", "too many requests from " + client, seconds);
                }
                return;
            }
            request.abortWith(challenge(request, new ApiError(401, "authentication_required",
                    "sign in with HTTP Basic (a Rapport user) or send an API key in " + RapportApi.API_KEY_HEADER, null)));
            return;
        }
        String name = claimedName(authorization, apiKey);
        OptionalLong refused = throttle.refusal("http", client, name);
        if (refused.isPresent()) {
            tooMany(request, "too_many_failed_logins", "too many failed logins of '" + LoginThrottle.name(name) + "' from "
                    + client, refused.getAsLong());
            return;
        }
        Optional<Caller> caller = authenticate(authorization, apiKey);
        if (caller.isEmpty()) {
            throttle.failed(client, name);
            LOG.warn("Failed login from {} to {} {}", client, request.getMethod(), request.getUriInfo().getPath());
            request.abortWith(challenge(request, new ApiError(401, "invalid_credentials",
                    "the user name and password, or the API key, are not valid", null)));
            return;
        }
        throttle.succeeded(client, name);
        request.setProperty(WHO, actor(authorization, apiKey, true));
        Caller who = caller.get().secure(request.getSecurityContext().isSecure());
        if (!rule.allows(who)) {
            abort(request, 403, "forbidden", rule.refusal(who, request.getMethod() + " " + RapportApi.BASE_PATH + "/"
                    + request.getUriInfo().getPath(true).replaceFirst("^/", "")));
            return;
        }
        request.setSecurityContext(who);
    }

    /** The name the credentials claim, counted by the throttle: a person's, or {@value #KEY_NAME} for every API key. */
    static String claimedName(String authorization, String apiKey) {
        if (apiKey != null) {
            return KEY_NAME;
        }
        String[] basic = basic(authorization);
        return basic == null ? KEY_NAME : basic[0];
    }

    /**
     * Who a request is from, as the audit log names it: a person by name (as other entries name
     * people), a partner by {@code key}
     * and the key's id (never its secret), {@code anonymous} without credentials; credentials not
     * (or not successfully) checked are {@code unchecked}, as anyone can claim any name.
     */
    public static String actor(String authorization, String apiKey, boolean checked) {
        if (authorization == null && apiKey == null) {
            return "anonymous";
        }
        String prefix = checked ? "" : "unchecked ";
        String key = apiKey;
        if (key == null) {
            String header = authorization.strip();
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = header.substring(7).strip();
            }
        }
        if (key != null) {
            Matcher id = KEY_ID.matcher(key);
            return prefix + (id.matches() ? "key " + id.group(1) : "key not of Rapport's form");
        }
        String[] basic = basic(authorization);
        if (basic == null) {
            return prefix + "credentials of an unknown scheme";
        }
        return checked ? LoginThrottle.name(basic[0]) : prefix + "user " + LoginThrottle.name(basic[0]);
    }

    /** Name and password (null when missing) of HTTP Basic credentials, or null when they are not HTTP Basic. */
    private static String[] basic(String authorization) {
        String header = authorization.strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).strip();
        if (!"Basic".equalsIgnoreCase(scheme)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return new String[] {"", null};
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? new String[] {decoded, null} : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private Optional<Caller> authenticate(String authorization, String apiKey) {
        if (apiKey != null) {
            return keys.authenticate(apiKey).map(key -> Caller.partner(key.name(), key.scopes()));
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).strip();
        if ("Bearer".equalsIgnoreCase(scheme)) {
            return keys.authenticate(value).map(key -> Caller.partner(key.name(), key.scopes()));
        }
        String[] basic = basic(authorization);
        if (basic == null || basic[0].isEmpty() || basic[1] == null) {
            return Optional.empty();
        }
        return realm.login(basic[0], basic[1]);
    }

    private String clientAddress() {
        try {
            return servletRequest.getRemoteAddr();
        } catch (RuntimeException outsideServlet) {
            return "unknown";
        }
    }

    private static void abort(ContainerRequestContext request, int status, String code, String message) {
        request.abortWith(ErrorMapper.response(new ApiError(status, code, message, null)));
    }

    private static void tooMany(ContainerRequestContext request, String code, String message, long seconds) {
        Response response = ErrorMapper.response(new ApiError(429, code, message + "; try again in " + seconds + " s", null));
        request.abortWith(Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).build());
    }

    private static Response challenge(ContainerRequestContext request, ApiError error) {
        Response response = ErrorMapper.response(error);
        if ("XMLHttpRequest".equalsIgnoreCase(request.getHeaderString(SCRIPT_HEADER))) {
            return response;
        }
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
    }
}

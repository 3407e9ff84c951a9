package org.rapport.rest;

/**
 * Where the Rapport JSON API lives, and how a resource joins it. A resource of the application
 * that limits or records requests per client reads the client's address from its request's
 * {@code getRemoteAddr()}: behind a reverse proxy the API trusts ({@code trustedProxies} of
 * {@code org.rapport.rest}), that is the client the proxy names, not the proxy.
 */
public final class RapportApi {

    /** The JAX-RS whiteboard name of the Rapport application. */
    public static final String APPLICATION_NAME = "rapport";

    /**
     * The application select filter a resource or extension declares, for example
     * {@code @JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)}.
     */
    public static final String APPLICATION_SELECT = "(osgi.jaxrs.name=" + APPLICATION_NAME + ")";

    /** The path every resource is served under. */
    public static final String BASE_PATH = "/api/v1";

    /** The header a partner system sends its API key in (or {@code Authorization: Bearer <key>}). */
    public static final String API_KEY_HEADER = "X-API-Key";

    private RapportApi() {
    }
}

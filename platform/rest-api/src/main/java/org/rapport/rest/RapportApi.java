package org.rapport.rest;

/** Where the Rapport JSON API lives, and how a resource joins it. */
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

    /**
     * The servlet request attribute holding the client's address as the API counts it: the peer
     * of the connection, or the client a trusted reverse proxy names in {@code X-Forwarded-For}
     * ({@code trustedProxies} of {@code org.rapport.rest}). A resource that limits or records
     * requests per client reads this, not {@code getRemoteAddr()}, which behind a proxy is the
     * proxy's address for every client.
     */
    public static final String CLIENT_ADDRESS_ATTRIBUTE = "rapport.client";

    private RapportApi() {
    }
}

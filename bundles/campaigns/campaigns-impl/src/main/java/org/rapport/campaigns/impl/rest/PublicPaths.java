package org.rapport.campaigns.impl.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.rapport.campaigns.impl.PublicRequests;
import org.rapport.rest.ApiException;

/** What the public paths of campaign links share: the limit per client address, and the answer to a token not ours. */
final class PublicPaths {

    private static final String UNKNOWN = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Unknown link</title>"
            + "</head><body><p>This link is not one of ours.</p></body></html>";

    private PublicPaths() {
    }

    /** A 429 when the client's address made its share of public campaign requests this minute. */
    static void limit(PublicRequests limit, HttpServletRequest request) {
        String address;
        try {
            // Behind a trusted proxy the client it names, not the proxy, whose address every client shares.
            address = request.getRemoteAddr();
        } catch (RuntimeException outsideServlet) {
            address = "unknown";
        }
        if (!limit.allow(address)) {
            throw new ApiException(429, "too_many_requests", "too many requests from " + address + "; wait a minute");
        }
    }

    /** A 404 page for a token this server did not sign. */
    static Response unknown() {
        return page(404, UNKNOWN);
    }

    /** An HTML page for the holder of a link, never kept by a cache (each answers one person's token). */
    static Response page(int status, String html) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(html).header("Cache-Control", "no-store").build();
    }
}

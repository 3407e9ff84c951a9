package org.rapport.campaigns.impl.rest;

import java.net.URI;
import java.util.Base64;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.impl.PublicRequests;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;

/**
 * {@code /api/v1/track}: the tracking pixel ({@code open/{token}}) and tracked links
 * ({@code click/{token}}) in the messages of contacts who consented to tracking, for anyone who
 * holds them (no sign-in; each token is signed per recipient, a click's also for the URL it leads
 * to). A pixel answers a transparent image; a click redirects (302) to the URL of the campaign's
 * template its token was signed for, and nowhere else. A token this server did not sign is a 404
 * and records nothing. Limited per client address ({@code publicRequestsPerMinute}).
 */
@Component(service = TrackResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("track")
public class TrackResource {

    /** A transparent GIF of one pixel. */
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final CampaignService campaigns;
    private final PublicRequests limit;

    @Context
    private HttpServletRequest request;

    @Activate
    public TrackResource(@Reference CampaignService campaigns, @Reference PublicRequests limit) {
        this.campaigns = campaigns;
        this.limit = limit;
    }

    @GET
    @Path("open/{token}")
    @Public
    public Response open(@PathParam("token") String token) {
        PublicPaths.limit(limit, request);
        if (!campaigns.open(token)) {
            return PublicPaths.unknown();
        }
        return Response.ok(PIXEL, "image/gif").header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("click/{token}")
    @Public
    public Response click(@PathParam("token") String token) {
        PublicPaths.limit(limit, request);
        Optional<String> to = campaigns.click(token);
        if (to.isEmpty()) {
            return PublicPaths.unknown();
        }
        return Response.status(302).location(URI.create(to.get())).header("Cache-Control", "no-store").build();
    }
}

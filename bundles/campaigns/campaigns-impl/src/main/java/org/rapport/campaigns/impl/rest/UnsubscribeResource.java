package org.rapport.campaigns.impl.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.UnsubscribeOutcome;
import org.rapport.campaigns.impl.PublicRequests;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;

/**
 * {@code /api/v1/unsubscribe/{token}}: the link in every campaign message, for anyone who holds it
 * (no sign-in; the token is signed per recipient). {@code POST} unsubscribes at once: the one-click
 * request a mail client sends for {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}
 * (RFC 8058), and the button of the page {@code GET} shows. {@code GET} changes nothing, since mail
 * filters fetch the links in messages. A token this server did not sign is a 404; one used before
 * answers as the first time did, recording nothing more. {@code POST}s are limited per client address
 * ({@code publicRequestsPerMinute}), below the REST server's limit for every public path.
 */
@Component(service = UnsubscribeResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("unsubscribe")
public class UnsubscribeResource {

    private static final String PAGE = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title>"
            + "</head><body><form method=\"post\"><p>Stop receiving these messages?</p><button type=\"submit\" "
            + "name=\"List-Unsubscribe\" value=\"One-Click\">Unsubscribe</button></form></body></html>";
    private static final String DONE = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Unsubscribed</title>"
            + "</head><body><p>You are unsubscribed: you will receive no more of these messages.</p></body></html>";

    private final CampaignService campaigns;
    private final PublicRequests limit;

    @Context
    private HttpServletRequest request;

    @Activate
    public UnsubscribeResource(@Reference CampaignService campaigns, @Reference PublicRequests limit) {
        this.campaigns = campaigns;
        this.limit = limit;
    }

    @GET
    @Path("{token}")
    @Public
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token) {
        return PublicPaths.page(200, PAGE);
    }

    @POST
    @Path("{token}")
    @Public
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.TEXT_HTML)
    public Response unsubscribe(@PathParam("token") String token) {
        PublicPaths.limit(limit, request);
        UnsubscribeOutcome outcome = campaigns.unsubscribe(token);
        if (outcome == UnsubscribeOutcome.INVALID) {
            return PublicPaths.unknown();
        }
        return PublicPaths.page(200, DONE);
    }
}

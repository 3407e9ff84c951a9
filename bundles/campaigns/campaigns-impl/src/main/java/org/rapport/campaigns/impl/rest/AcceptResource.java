package org.rapport.campaigns.impl.rest;

import java.util.Optional;

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
import org.rapport.campaigns.impl.PublicRequests;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;
import org.rapport.rules.api.RulesUnavailableException;

/**
 * {@code /api/v1/accept/{token}}: the accept link of the offer a best-offer campaign message showed
 * ({@code {{offer.acceptUrl}}}), for anyone who holds it (no sign-in; the token is signed for the
 * recipient and the offer). {@code GET} shows a page with a button and changes nothing, since mail
 * filters fetch the links in messages; {@code POST} accepts. A token this server did not sign is a
 * 404; an offer the customer no longer has (expired, withdrawn, consent to profiling withdrawn) a 409
 * page saying so. {@code POST}s are limited per client address like unsubscribing.
 */
@Component(service = AcceptResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("accept")
public class AcceptResource {

    private static final String PAGE = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Your offer</title>"
            + "</head><body><form method=\"post\"><p>Accept the offer from our message?</p><button type=\"submit\">"
            + "Accept the offer</button></form></body></html>";
    private static final String DONE = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Offer accepted</title>"
            + "</head><body><p>Thank you: the offer is yours.</p></body></html>";
    private static final String GONE = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Offer not available"
            + "</title></head><body><p>Sorry, this offer is no longer available.</p></body></html>";

    private final CampaignService campaigns;
    private final PublicRequests limit;

    @Context
    private HttpServletRequest request;

    @Activate
    public AcceptResource(@Reference CampaignService campaigns, @Reference PublicRequests limit) {
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
    public Response accept(@PathParam("token") String token) {
        PublicPaths.limit(limit, request);
        Optional<String> accepted;
        try {
            accepted = campaigns.acceptOffer(token);
        } catch (IllegalStateException | IllegalArgumentException gone) {
            return PublicPaths.page(409, GONE);
        } catch (RulesUnavailableException unavailable) {
            return PublicPaths.page(503, GONE);
        }
        return accepted.isEmpty() ? PublicPaths.unknown() : PublicPaths.page(200, DONE);
    }
}

package org.rapport.campaigns.impl.rest;

import java.util.Optional;

import javax.ws.rs.Path;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.impl.PublicRequests;
import org.rapport.rest.RapportApi;
import org.rapport.rules.api.RulesUnavailableException;

/**
 * {@code /api/v1/accept/{token}}: the accept link of the offer a best-offer campaign message showed
 * ({@code {{offer.acceptUrl}}}, a {@link TokenPage}, the token signed for the recipient and the
 * offer). {@code POST} accepts; an offer the customer no longer has (expired, withdrawn, consent to
 * profiling withdrawn) is a 409 page saying so.
 */
@Component(service = AcceptResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("accept")
public class AcceptResource extends TokenPage {

    private static final String PAGE = html("Your offer", "<form method=\"post\"><p>Accept the offer from our message?"
            + "</p><button type=\"submit\">Accept the offer</button></form>");
    private static final String DONE = html("Offer accepted", "<p>Thank you: the offer is yours.</p>");
    private static final String GONE = html("Offer not available", "<p>Sorry, this offer is no longer available.</p>");

    private final CampaignService campaigns;

    @Activate
    public AcceptResource(@Reference CampaignService campaigns, @Reference PublicRequests limit) {
        super(PAGE, limit);
        this.campaigns = campaigns;
    }

    @Override
    Response outcome(String token) {
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

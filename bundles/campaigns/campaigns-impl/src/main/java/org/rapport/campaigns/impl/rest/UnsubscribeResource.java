package org.rapport.campaigns.impl.rest;

import javax.ws.rs.Path;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.UnsubscribeOutcome;
import org.rapport.campaigns.impl.PublicRequests;
import org.rapport.rest.RapportApi;

/**
 * {@code /api/v1/unsubscribe/{token}}: the link in every campaign message ({@link TokenPage}).
 * {@code POST} unsubscribes at once: the one-click request a mail client sends for
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click} (RFC 8058), and the page's button. A
 * token used before answers as the first time did, recording nothing more.
 */
@Component(service = UnsubscribeResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("unsubscribe")
public class UnsubscribeResource extends TokenPage {

    private static final String PAGE = html("Unsubscribe", "<form method=\"post\"><p>Stop receiving these messages?"
            + "</p><button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Unsubscribe</button></form>");
    private static final String DONE = html("Unsubscribed", "<p>You are unsubscribed: you will receive no more of "
            + "these messages.</p>");

    private final CampaignService campaigns;

    @Activate
    public UnsubscribeResource(@Reference CampaignService campaigns, @Reference PublicRequests limit) {
        super(PAGE, limit);
        this.campaigns = campaigns;
    }

    @Override
    Response outcome(String token) {
        return campaigns.unsubscribe(token) == UnsubscribeOutcome.INVALID ? PublicPaths.unknown()
                : PublicPaths.page(200, DONE);
    }
}

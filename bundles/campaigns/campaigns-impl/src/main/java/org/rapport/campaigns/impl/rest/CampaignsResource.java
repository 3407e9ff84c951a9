package org.rapport.campaigns.impl.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.CampaignPreview;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.impl.TestSends;
import org.rapport.communication.api.Message;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/campaigns}: analysts (marketers) define, preview, launch, pause, resume and cancel
 * campaigns; agents and analysts read them and their figures. Bad input is a 400 naming each field,
 * a name in use by a launched campaign or a move its state does not allow a 409, nothing stored.
 */
@Component(service = CampaignsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CampaignsResource {

    private final CampaignService campaigns;
    private final TestSends tests;

    /** A test's body: the variant (its template's code) to send. */
    public record TestRequest(String variant) {
    }

    @Activate
    public CampaignsResource(@Reference CampaignService campaigns, @Reference TestSends tests) {
        this.campaigns = campaigns;
        this.tests = tests;
    }

    /** A page of the campaigns, newest first: {@code offset} and {@code limit} (1 to 500, 50 unless given). */
    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "campaigns:read")
    public Page<Campaign> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("id"), "-id");
        return Page.of(campaigns.list(page.offset(), page.limit()), page, campaigns.count());
    }

    @POST
    @Access(roles = Roles.ANALYST, scope = "campaigns:write")
    public Response define(NewCampaign body, @Context SecurityContext caller) {
        Campaign defined = call(() -> campaigns.define(body, Params.actor(caller.getUserPrincipal())));
        return Response.status(201).entity(defined).build();
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "campaigns:read")
    public Campaign find(@PathParam("id") String id) {
        long campaignId = Params.wholeNumber("id", id);
        return campaigns.find(campaignId).orElseThrow(() -> ApiException.notFound("campaign", campaignId));
    }

    @GET
    @Path("{id}/preview")
    @Access(roles = Roles.ANALYST, scope = "campaigns:write")
    public CampaignPreview preview(@PathParam("id") String id) {
        long campaignId = existing(id);
        return call(() -> campaigns.preview(campaignId));
    }

    @GET
    @Path("{id}/figures")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "campaigns:read")
    public CampaignFigures figures(@PathParam("id") String id) {
        long campaignId = existing(id);
        return call(() -> campaigns.figures(campaignId));
    }

    @POST
    @Path("{id}/launch")
    @Access(roles = Roles.ANALYST, scope = "campaigns:write")
    public Campaign launch(@PathParam("id") String id, @Context SecurityContext caller) {
        long campaignId = existing(id);
        return call(() -> campaigns.launch(campaignId, Params.actor(caller.getUserPrincipal())));
    }

    @POST
    @Path("{id}/pause")
    @Access(roles = Roles.ANALYST, scope = "campaigns:write")
    public Campaign pause(@PathParam("id") String id, @Context SecurityContext caller) {
        long campaignId = existing(id);
        return call(() -> campaigns.pause(campaignId, Params.actor(caller.getUserPrincipal())));
    }

    @POST
    @Path("{id}/resume")
    @Access(roles = Roles.ANALYST, scope = "campaigns:write")
    public Campaign resume(@PathParam("id") String id, @Context SecurityContext caller) {
        long campaignId = existing(id);
        return call(() -> campaigns.resume(campaignId, Params.actor(caller.getUserPrincipal())));
    }

    @POST
    @Path("{id}/cancel")
    @Access(roles = Roles.ANALYST, scope = "campaigns:write")
    public Campaign cancel(@PathParam("id") String id, @Context SecurityContext caller) {
        long campaignId = existing(id);
        return call(() -> campaigns.cancel(campaignId, Params.actor(caller.getUserPrincipal())));
    }

    /**
     * Sends a variant to the caller's own address, as a test: queued through the outbox, counted in
     * none of the campaign's figures; 202 with the message's id. A person without an address for
     * tests is a 409, one who sent their share this minute a 429.
     */
    @POST
    @Path("{id}/tests")
    @Access(roles = Roles.ANALYST, scope = "campaigns:write")
    public Response test(@PathParam("id") String id, TestRequest body, @Context SecurityContext caller) {
        long campaignId = existing(id);
        String variant = body == null ? null : body.variant();
        Message sent;
        try {
            sent = call(() -> tests.send(campaignId, variant, Params.actor(caller.getUserPrincipal())));
        } catch (TestSends.TooMany e) {
            throw new ApiException(429, "too_many_requests", e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messageId", sent.id());
        answer.put("variant", variant);
        answer.put("contactId", sent.contactId());
        answer.put("status", sent.status());
        return Response.status(202).entity(answer).build();
    }

    private long existing(String id) {
        long campaignId = Params.wholeNumber("id", id);
        if (campaigns.find(campaignId).isEmpty()) {
            throw ApiException.notFound("campaign", campaignId);
        }
        return campaignId;
    }

    /** A refusal as the API answers it: 400 naming each field, 409 for a clash with what is stored. */
    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ContactValidationException e) {
            if (e.conflict()) {
                throw ApiException.conflict(e.getMessage());
            }
            throw ApiException.invalid(e.fieldErrors());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
    }
}

package org.rapport.sales.impl.rest;

import java.util.List;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.sales.api.NewOpportunity;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.OpportunityLine;
import org.rapport.sales.api.OpportunityQuery;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.api.StageChange;

/**
 * {@code /api/v1/opportunities}: agents and analysts list them (by stage, owner, month of the
 * expected close) and read their stage history and product lines; agents open them, move them
 * between stages and set their lines.
 */
@Component(service = OpportunitiesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("opportunities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OpportunitiesResource {

    /** A move to another stage; a won or lost stage needs a reason. */
    public record Move(String stage, String reason, String nextStep) {
    }

    /** The product lines of an opportunity, replaced all at once. */
    public record Lines(List<OpportunityLine> lines) {
    }

    private final SalesService sales;

    @Activate
    public OpportunitiesResource(@Reference SalesService sales) {
        this.sales = sales;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Page<Opportunity> list(@QueryParam("stage") String stage, @QueryParam("owner") String owner,
            @QueryParam("closeMonth") String closeMonth, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("expectedClose"), "expectedClose");
        if (stage != null && !stage.isBlank() && sales.stages().stream().noneMatch(s -> s.name().equals(stage.strip()))) {
            throw ApiException.invalid("stage", "'" + stage + "' is not a stage; one of "
                    + String.join(", ", sales.stages().stream().map(s -> s.name()).toList()));
        }
        OpportunityQuery query = new OpportunityQuery(blank(stage), blank(owner),
                Params.month("closeMonth", closeMonth, null), page.offset(), page.limit());
        return new Page<>(sales.opportunities(query), page.offset(), page.limit(), sales.countOpportunities(query));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Opportunity find(@PathParam("id") String id) {
        long opportunityId = Params.wholeNumber("id", id);
        return sales.opportunity(opportunityId).orElseThrow(() -> ApiException.notFound("opportunity", opportunityId));
    }

    @GET
    @Path("{id}/history")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Page<StageChange> history(@PathParam("id") String id) {
        long opportunityId = Params.wholeNumber("id", id);
        List<StageChange> changes = SalesErrors.call(() -> sales.history(opportunityId));
        return Page.all(changes);
    }

    @POST
    @Access(roles = Roles.AGENT, scope = "sales:write")
    public Response open(NewOpportunity body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.invalid("body", "an opportunity: {\"name\", \"contactId\", \"amount\", \"expectedClose\", ...}");
        }
        Opportunity opened = SalesErrors.call(() -> sales.open(body, Params.actor(caller.getUserPrincipal())));
        return Response.status(201).entity(opened).build();
    }

    @POST
    @Path("{id}/stage")
    @Access(roles = Roles.AGENT, scope = "sales:write")
    public Opportunity move(@PathParam("id") String id, Move body, @Context SecurityContext caller) {
        long opportunityId = Params.wholeNumber("id", id);
        Move move = body == null ? new Move(null, null, null) : body;
        return SalesErrors.call(() -> sales.moveStage(opportunityId, move.stage(), move.reason(), move.nextStep(),
                Params.actor(caller.getUserPrincipal())));
    }

    @GET
    @Path("{id}/lines")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Lines lines(@PathParam("id") String id) {
        long opportunityId = Params.wholeNumber("id", id);
        return new Lines(SalesErrors.call(() -> sales.lines(opportunityId)));
    }

    @PUT
    @Path("{id}/lines")
    @Access(roles = Roles.AGENT, scope = "sales:write")
    public Opportunity setLines(@PathParam("id") String id, Lines body, @Context SecurityContext caller) {
        long opportunityId = Params.wholeNumber("id", id);
        if (body == null || body.lines() == null) {
            throw ApiException.invalid("lines", "is required: [{\"sku\", \"name\", \"quantity\", \"unitPrice\", "
                    + "\"currency\"}, ...], empty to remove them");
        }
        return SalesErrors.call(() -> sales.setLines(opportunityId, body.lines(), Params.actor(caller.getUserPrincipal())));
    }
}

package org.rapport.sales.impl.rest;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

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
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.sales.api.ForecastLine;
import org.rapport.sales.api.PipelineStatistics;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.api.Stage;
import org.rapport.sales.api.StalledDeal;

/**
 * {@code /api/v1/pipeline}: the stages, the weighted forecast by month and owner, how the pipeline
 * fares (win rate, cycle time, leads converted) and its stalled deals, for agents and analysts;
 * analysts run the check of stalled deals.
 */
@Component(service = PipelineResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("pipeline")
@Produces(MediaType.APPLICATION_JSON)
public class PipelineResource {

    /** The longest forecast asked for at once. */
    static final int MAX_MONTHS = 36;

    private final SalesService sales;

    @Activate
    public PipelineResource(@Reference SalesService sales) {
        this.sales = sales;
    }

    @GET
    @Path("stages")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Page<Stage> stages() {
        return Page.all(sales.stages());
    }

    /** From this month to five months on unless {@code from} and {@code to} (months like 2026-11) say otherwise. */
    @GET
    @Path("forecast")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Page<ForecastLine> forecast(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("owner") String owner) {
        YearMonth first = Params.month("from", from, YearMonth.now(ZoneOffset.UTC));
        YearMonth last = Params.month("to", to, first.plusMonths(5));
        if (last.isBefore(first) || first.plusMonths(MAX_MONTHS - 1).isBefore(last)) {
            throw ApiException.invalid("to", "to is from " + first + " to " + MAX_MONTHS + " months on, not " + last);
        }
        return Page.all(sales.forecast(first, last, owner == null || owner.isBlank() ? null : owner.strip()));
    }

    @GET
    @Path("statistics")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public PipelineStatistics statistics() {
        return sales.statistics();
    }

    /** The open deals the last check found stalled, longest stalled first. */
    @GET
    @Path("stalled")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Page<StalledDeal> stalled(@QueryParam("owner") String owner, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("since"), "since");
        return new Page<>(sales.stalledDeals(owner, page.offset(), page.limit()), page.offset(), page.limit(),
                sales.countStalledDeals(owner));
    }

    /** Checks every open deal now, as the scheduled check does: how many are stalled after it. */
    @POST
    @Path("stalled/check")
    @Access(roles = Roles.ANALYST, scope = "sales:write")
    public Map<String, Long> checkStalled() {
        try {
            return Map.of("stalled", sales.checkStalledDeals());
        } catch (RulesUnavailableException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }
}

package org.rapport.offers.impl.rest;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferKind;
import org.rapport.offers.api.OfferService;
import org.rapport.rest.Access;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.ApiException;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/offers}: the offer catalogue. Analysts define offers; agents, analysts and partner
 * keys with {@code offers:read} read them. Bad input is a 400 naming the field, nothing stored.
 */
@Component(service = OffersResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("offers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OffersResource {

    /** An offer as an analyst sends it; {@code kind} is {@code cross-sell}, {@code upsell} or {@code win-back}. */
    public record OfferRequest(String title, String description, String kind, String validFrom, String validTo,
            Boolean active) {
    }

    private final OfferService offers;

    @Activate
    public OffersResource(@Reference OfferService offers) {
        this.offers = offers;
    }

    /** A page of the catalogue in code order: {@code offset} and {@code limit} (1 to 500, 50 unless given). */
    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "offers:read")
    public Page<Offer> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("code"), "code");
        List<Offer> all = offers.list();
        int from = Math.min(all.size(), page.offset());
        return Page.of(all.subList(from, Math.min(all.size(), from + page.limit())), page, all.size());
    }

    @GET
    @Path("{code}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "offers:read")
    public Offer find(@PathParam("code") String code) {
        return call(() -> offers.find(code)).orElseThrow(() -> ApiException.notFound("offer", code));
    }

    /** Defines the offer {@code code} or changes it: 201 for a new one, 200 for a change. */
    @PUT
    @Path("{code}")
    @Access(roles = Roles.ANALYST)
    public Response define(@PathParam("code") String code, OfferRequest body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.invalid("body", "an offer is required: {\"title\", \"kind\": \"cross-sell\"}");
        }
        OfferKind kind = call(() -> OfferKind.parse(body.kind()));
        Offer offer = new Offer(code, body.title(), body.description(), kind, day("validFrom", body.validFrom()),
                day("validTo", body.validTo()), body.active() == null || body.active());
        boolean isNew = call(() -> offers.find(code)).isEmpty();
        Offer saved = call(() -> offers.define(offer, Params.actor(caller.getUserPrincipal())));
        URI at = UriBuilder.fromPath("offers/{code}").build(saved.code());
        return (isNew ? Response.created(at) : Response.ok()).entity(saved).build();
    }

    private static LocalDate day(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, field + " must be a day such as 2026-12-31, was '" + value + "'");
        }
    }

    /** Runs a call and turns its refusals into API errors: 400 naming the field, 409 for a state that does not allow it. */
    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
    }
}

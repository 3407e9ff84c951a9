package org.rapport.events.impl.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
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
import javax.ws.rs.core.UriBuilder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.events.impl.Delivery;
import org.rapport.events.impl.EventTypes;
import org.rapport.events.impl.EventsService;
import org.rapport.events.impl.Subscription;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;

/**
 * {@code /api/v1/event-subscriptions}: other systems subscribed to what happens in Rapport;
 * administrators only. A subscription's secret is in the answer to its creation and nowhere else.
 */
@Component(service = EventSubscriptionsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("event-subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Access
public class EventSubscriptionsResource {

    /** What a subscription is made of: {@code types} such as {@code ["contact.created", "purchase.booked"]}. */
    public record NewSubscription(String name, String url, List<String> types) {
    }

    /** What to replay: from an ISO-8601 instant, and until one (exclusive; optional, up to the newest). */
    public record Replay(String from, String until) {
    }

    private final EventsService events;

    @Activate
    public EventSubscriptionsResource(@Reference EventsService events) {
        this.events = events;
    }

    /** Every subscription, in the envelope every list of the API answers in. */
    @GET
    public Page<Subscription> list() {
        return Page.all(events.subscriptions());
    }

    /** The event types a subscription may name, each with what it announces. */
    @GET
    @Path("types")
    public Map<String, String> types() {
        return EventTypes.ALL;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewSubscription body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.invalid("body", "a JSON object with name, url and types is required");
        }
        try {
            EventsService.Created created = events.subscribe(body.name(), body.url(), body.types(),
                    Params.actor(caller.getUserPrincipal()));
            return Response.created(UriBuilder.fromPath("event-subscriptions/{id}").build(created.subscription().id()))
                    .entity(Map.of("subscription", created.subscription(), "secret", created.secret(),
                            "note", "The secret is shown only now: keep it to verify the Rapport-Signature header"))
                    .build();
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
    }

    @GET
    @Path("{id}")
    public Subscription get(@PathParam("id") String id) {
        long key = Params.wholeNumber("id", id);
        return events.subscription(key).orElseThrow(() -> ApiException.notFound("event subscription", key));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext caller) {
        Subscription s = get(id);
        events.unsubscribe(s.id(), Params.actor(caller.getUserPrincipal()));
        return Response.noContent().build();
    }

    /** Lets a suspended subscription be delivered to again (409 if it is not suspended). */
    @POST
    @Path("{id}/resume")
    public Subscription resume(@PathParam("id") String id, @Context SecurityContext caller) {
        Subscription s = get(id);
        if (!events.resume(s.id(), Params.actor(caller.getUserPrincipal()))) {
            throw ApiException.conflict("event subscription " + s.id() + " is not suspended");
        }
        return get(id);
    }

    /** Delivers again every stored event the subscription wants that happened at or after {@code from}. */
    @POST
    @Path("{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> replay(@PathParam("id") String id, Replay body, @Context SecurityContext caller) {
        Subscription s = get(id);
        Instant from = instant("from", body == null ? null : body.from());
        Instant until = body == null || body.until() == null || body.until().isBlank() ? null : instant("until", body.until());
        try {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("subscription", s.id());
            answer.put("from", from.toString());
            if (until != null) {
                answer.put("until", until.toString());
            }
            answer.put("replayed", events.replay(s.id(), from, until, Params.actor(caller.getUserPrincipal())));
            return answer;
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be an ISO-8601 time such as 2026-12-01T09:00:00Z");
        }
    }

    /** The subscription's deliveries, newest first; {@code state}: pending, delivered or dead. */
    @GET
    @Path("{id}/deliveries")
    public Page<Delivery> deliveries(@PathParam("id") String id, @QueryParam("state") String state,
            @QueryParam("limit") @DefaultValue("50") String limit) {
        Subscription s = get(id);
        if (state != null && !List.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.DEAD).contains(state)) {
            throw ApiException.invalid("state", "is pending, delivered or dead, not '" + state + "'");
        }
        // The newest deliveries, at most limit: the envelope's total is how many are shown.
        return Page.all(events.deliveries(s.id(), state, (int) Math.min(500, Params.wholeNumber("limit", limit))));
    }
}

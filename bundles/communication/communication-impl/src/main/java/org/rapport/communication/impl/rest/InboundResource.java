package org.rapport.communication.impl.rest;

import java.io.InputStream;
import java.util.Set;
import java.util.function.Supplier;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
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
import org.rapport.communication.api.AddressState;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.InboundService;
import org.rapport.communication.impl.InboundGateway;
import org.rapport.communication.impl.InboundWebhook;
import org.rapport.communication.impl.Readers;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/inbound}: the messages that came in, the addresses bounces marked undeliverable,
 * and the signed webhooks a gateway posts to. The webhooks need no sign-in: a request is taken
 * only with a valid signature of the webhook's secret over its timestamp and body, once; see
 * {@link InboundGateway}. Agents and analysts read (partner keys with {@code messages:read});
 * agents clear an address's mark.
 */
@Component(service = InboundResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("inbound")
@Produces(MediaType.APPLICATION_JSON)
public class InboundResource {

    private final InboundService inbound;
    private final InboundGateway gateway;

    @Activate
    public InboundResource(@Reference InboundService inbound, @Reference InboundGateway gateway) {
        this.inbound = inbound;
        this.gateway = gateway;
    }

    /** A message from a gateway: 202 with its id, 401 for a bad signature, 409 for a replay. */
    @POST
    @Path("{channel}")
    @Public
    @Consumes(MediaType.WILDCARD)
    public Response message(@PathParam("channel") String channel,
            @HeaderParam("X-Rapport-Timestamp") String timestamp, @HeaderParam("X-Rapport-Signature") String signature,
            InputStream body) {
        return accepted(() -> gateway.message(channel, timestamp, signature, body));
    }

    /** A provider's bounce report: 202, 401 for a bad signature, 409 for a replay. */
    @POST
    @Path("bounces/{provider}")
    @Public
    @Consumes(MediaType.WILDCARD)
    public Response bounce(@PathParam("provider") String provider,
            @HeaderParam("X-Rapport-Timestamp") String timestamp, @HeaderParam("X-Rapport-Signature") String signature,
            InputStream body) {
        return accepted(() -> gateway.bounce(provider, timestamp, signature, body));
    }

    /** 202 with what the gateway took, or the refusal's status (nothing stored then). */
    private static Response accepted(Supplier<InboundGateway.Accepted> request) {
        try {
            return Response.status(202).entity(request.get()).build();
        } catch (InboundWebhook.Refusal r) {
            throw new ApiException(r.status(), r.code(), r.getMessage());
        }
    }

    /**
     * Inbound messages, newest first; of one contact with {@code contactId}. Without the messages
     * their keeper keeps from the caller (a case's, in a queue they may not see).
     */
    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "messages:read")
    public Page<InboundMessage> log(@QueryParam("contactId") String contactId, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @Context SecurityContext caller) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("id"), "-id");
        Long contact = contactId == null || contactId.isBlank() ? null : Params.wholeNumber("contactId", contactId);
        InboundReader reader = reader(caller);
        return Page.of(inbound.inbound(contact, reader, page.offset(), page.limit()), page,
                inbound.countInbound(contact, reader));
    }

    /** A message; a 404 for one kept from the caller, as for one that never came in. */
    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "messages:read")
    public InboundMessage find(@PathParam("id") String id, @Context SecurityContext caller) {
        long inboundId = Params.wholeNumber("id", id);
        return inbound.findInbound(inboundId, reader(caller))
                .orElseThrow(() -> ApiException.notFound("inbound message", inboundId));
    }

    private static InboundReader reader(SecurityContext caller) {
        return Readers.of(caller.getUserPrincipal() == null ? null : caller.getUserPrincipal().getName(), caller::isUserInRole);
    }

    /** Addresses with bounces, the most recent first; only the undeliverable ones with {@code undeliverable=true}. */
    @GET
    @Path("addresses")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "messages:read")
    public Page<AddressState> addresses(@QueryParam("undeliverable") String undeliverable,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("lastBounceAt"), "-lastBounceAt");
        return Page.of(inbound.addresses("true".equalsIgnoreCase(undeliverable), page.offset(), page.limit()), page,
                inbound.countAddresses("true".equalsIgnoreCase(undeliverable)));
    }

    /** Clears the undeliverable mark of an address: 204, or 404 if it was not marked. */
    @DELETE
    @Path("addresses/{address}")
    @Access(roles = Roles.AGENT)
    public Response clear(@PathParam("address") String address, @Context SecurityContext caller) {
        if (!inbound.clearUndeliverable(address, Params.actor(caller.getUserPrincipal()))) {
            throw new ApiException(404, "not_found", "the address is not marked undeliverable");
        }
        return Response.noContent().build();
    }
}

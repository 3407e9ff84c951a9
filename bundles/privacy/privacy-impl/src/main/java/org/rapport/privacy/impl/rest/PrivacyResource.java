package org.rapport.privacy.impl.rest;

import java.util.Locale;

import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactService;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentRate;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.privacy.spi.ConsentVerdict;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/privacy}: the consent gate for systems that reach customers outside Rapport
 * ({@code POST consent-checks}; a refusal is recorded like any other), the blocked actions, and
 * the consent rates by purpose and channel.
 */
@Component(service = PrivacyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("privacy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PrivacyResource {

    /** What a caller is about to do: {@code channel} left out for an action on no channel (profiling). */
    public record CheckRequest(Long contactId, String purpose, String channel, String action) {
    }

    /** One purpose and channel's standing, with its share of grants. */
    public record Rate(String purpose, String channel, long granted, long withdrawn, long expired, long contacts,
            double rate) {

        static Rate of(ConsentRate r) {
            return new Rate(r.purpose(), r.channel() == null ? null : r.channel().name().toLowerCase(Locale.ROOT),
                    r.granted(), r.withdrawn(), r.expired(), r.contacts(), r.rate());
        }
    }

    private final ConsentGate gate;
    private final ConsentService consents;
    private final ContactService contacts;

    @Activate
    public PrivacyResource(@Reference ConsentGate gate, @Reference ConsentService consents,
            @Reference ContactService contacts) {
        this.gate = gate;
        this.consents = consents;
        this.contacts = contacts;
    }

    /**
     * For each purpose and channel with records, how many contacts' newest record grants,
     * withdraws or has expired, and the share that grants ({@code channel} null: every channel).
     */
    @GET
    @Path("consent-rates")
    @Access(roles = Roles.ANALYST, scope = "consents:read")
    public Page<Rate> rates() {
        return Page.all(consents.rates().stream().map(Rate::of).toList());
    }

    /** Asks the gate; the answer says whether the action may go ahead now, and why. */
    @POST
    @Path("consent-checks")
    @Access(roles = Roles.AGENT, scope = "consents:check")
    public ConsentVerdict check(CheckRequest body, @Context SecurityContext caller) {
        if (body == null || body.contactId() == null) {
            throw ApiException.invalid("contactId", "contactId is required: {\"contactId\": 1, \"purpose\": \"marketing\", "
                    + "\"channel\": \"email\", \"action\": \"newsletter\"}");
        }
        long contactId = Requests.contact(contacts, Long.toString(body.contactId()));
        if (body.purpose() == null || body.purpose().isBlank()) {
            throw ApiException.invalid("purpose", "purpose is required");
        }
        String action = body.action() == null || body.action().isBlank() ? "unnamed action" : body.action();
        Channel channel = Requests.channel(body.channel()); // refuses an unknown channel as a 400 naming the field
        return gate.check(contactId, body.purpose(), channel == null ? null : channel.label(), action,
                caller.getUserPrincipal().getName());
    }

    /** The actions the gate blocked for a contact, newest first. */
    @GET
    @Path("blocks")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "consents:read")
    public Page<ConsentBlock> blocks(@QueryParam("contactId") String contactId,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (contactId == null) {
            throw ApiException.invalid("contactId", "contactId is required");
        }
        if (limit < 1 || limit > 500) {
            throw ApiException.invalid("limit", "limit is from 1 to 500, not " + limit);
        }
        return Page.all(consents.blocks(Requests.contact(contacts, contactId), limit));
    }
}

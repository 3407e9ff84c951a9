package org.rapport.offers.impl.rest;

import java.util.function.Supplier;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactService;
import org.rapport.offers.api.Acceptance;
import org.rapport.offers.api.ContactOffers;
import org.rapport.offers.api.OfferService;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/contacts/{id}/offers}: a customer's offers, best first, for the agent on the
 * customer's page and for a shop (key scope {@code offers:read}); accepting one
 * ({@code POST …/{code}/accept}, agents and keys with {@code offers:write}) records it. A root
 * resource of its own: the longer path is matched before the contacts' resource.
 */
@Component(service = ContactOffersResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contacts/{id}/offers")
@Produces(MediaType.APPLICATION_JSON)
public class ContactOffersResource {

    private final ContactService contacts;
    private final OfferService offers;

    @Activate
    public ContactOffersResource(@Reference ContactService contacts, @Reference OfferService offers) {
        this.contacts = contacts;
        this.offers = offers;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "offers:read")
    public ContactOffers offers(@PathParam("id") String id, @Context SecurityContext caller) {
        long contactId = Params.wholeNumber("id", id);
        return call(contactId, () -> offers.offersFor(contactId, Params.actor(caller.getUserPrincipal())));
    }

    /** Records the acceptance: 201, or 200 with {@code replayed} when it was accepted before; 409 if it is not offered. */
    @POST
    @Path("{code}/accept")
    @Access(roles = Roles.AGENT, scope = "offers:write")
    public Response accept(@PathParam("id") String id, @PathParam("code") String code, @Context SecurityContext caller) {
        long contactId = Params.wholeNumber("id", id);
        Acceptance accepted = call(contactId, () -> offers.accept(contactId, code, Params.actor(caller.getUserPrincipal())));
        return Response.status(accepted.replayed() ? 200 : 201).entity(accepted).build();
    }

    /**
     * Calls the service, which refuses an unknown contact itself: the contact is looked for once on
     * the way to an answer (reading it here too took a seventh of a request), and again only when the
     * service refused, to answer 404 for a contact that does not exist and 400 for other refusals.
     */
    private <T> T call(long contactId, Supplier<T> call) {
        try {
            return OffersResource.call(call);
        } catch (ApiException refused) {
            if (refused.status() == 400 && !contacts.exists(contactId)) {
                throw ApiException.notFound("contact", contactId);
            }
            throw refused;
        }
    }
}

package org.rapport.privacy.impl.rest;


import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
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
import org.rapport.privacy.api.LegalHold;
import org.rapport.privacy.api.DataRetentionService;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;

/** {@code /api/v1/privacy/holds}: legal holds, which keep data retention from a contact's records; administrators. */
@Component(service = HoldsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("privacy/holds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HoldsResource {

    public record HoldRequest(String reason) {
    }

    private final DataRetentionService retention;
    private final ContactService contacts;

    @Activate
    public HoldsResource(@Reference DataRetentionService retention, @Reference ContactService contacts) {
        this.retention = retention;
        this.contacts = contacts;
    }

    @GET
    @Access
    public Page<LegalHold> holds() {
        return Page.all(retention.holds());
    }

    @PUT
    @Path("{contactId}")
    @Access
    public LegalHold hold(@PathParam("contactId") String contactId, HoldRequest body, @Context SecurityContext caller) {
        long id = Requests.contact(contacts, contactId);
        try {
            return retention.hold(id, body == null ? null : body.reason(), caller.getUserPrincipal().getName());
        } catch (IllegalArgumentException e) {
            throw Requests.refused(e);
        }
    }

    @DELETE
    @Path("{contactId}")
    @Access
    public Response lift(@PathParam("contactId") String contactId, @Context SecurityContext caller) {
        long id;
        try {
            id = Long.parseLong(contactId);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("contactId", "a contact id is a whole number, not '" + contactId + "'");
        }
        if (!retention.release(id, caller.getUserPrincipal().getName())) {
            throw new ApiException(404, "not_found", "contact " + id + " has no legal hold");
        }
        return Response.noContent().build();
    }
}

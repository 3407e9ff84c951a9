package org.rapport.privacy.impl.rest;

import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactService;
import org.rapport.privacy.api.ErasureReport;
import org.rapport.privacy.api.ErasureService;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.RapportApi;

/**
 * {@code POST /api/v1/contacts/{id}/erasure}: the right to be forgotten, for administrators.
 * The answer is the completion report, naming what each participant removed; a contact under
 * legal hold is a 409 and nothing is erased.
 */
@Component(service = ErasureResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contacts/{id}/erasure")
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {

    private final ErasureService erasure;
    private final ContactService contacts;

    @Activate
    public ErasureResource(@Reference ErasureService erasure, @Reference ContactService contacts) {
        this.erasure = erasure;
        this.contacts = contacts;
    }

    @POST
    @Access
    public ErasureReport erase(@PathParam("id") String id, @Context SecurityContext caller) {
        long contactId = Requests.contact(contacts, id);
        try {
            return erasure.erase(contactId, caller.getUserPrincipal().getName());
        } catch (IllegalStateException e) {
            // Under legal hold: the data must be kept.
            throw ApiException.conflict(e.getMessage());
        }
    }
}

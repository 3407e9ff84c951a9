package org.rapport.privacy.impl.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactService;
import org.rapport.privacy.api.ContactExport;
import org.rapport.privacy.api.ErasureService;
import org.rapport.rest.Access;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code GET /api/v1/contacts/{id}/export}: everything held about a contact, from every
 * participant, as JSON (the right to portability). Agents may fetch it for the customer they
 * serve; partner keys need {@code privacy:export}.
 */
@Component(service = ExportResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contacts/{id}/export")
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    private final ErasureService erasure;
    private final ContactService contacts;

    @Activate
    public ExportResource(@Reference ErasureService erasure, @Reference ContactService contacts) {
        this.erasure = erasure;
        this.contacts = contacts;
    }

    @GET
    @Access(roles = Roles.AGENT, scope = "privacy:export")
    public ContactExport export(@PathParam("id") String id) {
        return erasure.export(Requests.contact(contacts, id));
    }
}

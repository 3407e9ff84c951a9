package org.rapport.segments.impl.rest;

import java.util.List;

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
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.segments.api.RfmScore;
import org.rapport.segments.api.SegmentService;

/**
 * {@code /api/v1/contacts/{id}/segments}: a contact's segments and RFM scores, under the contact
 * as clients have always read them. A root resource of its own: the longer path is matched before
 * the contacts' resource.
 */
@Component(service = ContactSegmentsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contacts/{id}/segments")
@Produces(MediaType.APPLICATION_JSON)
public class ContactSegmentsResource {

    /** The segments a contact is in, and its RFM scores (null when it bought nothing in the scoring window). */
    public record Profile(long contactId, List<String> segments, RfmScore rfm) {
    }

    private final ContactService contacts;
    private final SegmentService segments;

    @Activate
    public ContactSegmentsResource(@Reference ContactService contacts, @Reference SegmentService segments) {
        this.contacts = contacts;
        this.segments = segments;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Profile segments(@PathParam("id") String id) {
        long contactId;
        try {
            contactId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("id", "a contact id is a whole number, not '" + id + "'");
        }
        if (contacts.find(contactId).isEmpty()) {
            throw ApiException.notFound("contact", contactId);
        }
        return new Profile(contactId, segments.segmentsOf(contactId), segments.rfm(contactId).orElse(null));
    }
}

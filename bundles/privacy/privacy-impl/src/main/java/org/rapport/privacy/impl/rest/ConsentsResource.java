package org.rapport.privacy.impl.rest;

import java.time.Instant;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
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
import org.rapport.contacts.api.ContactService;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/contacts/{id}/consents}: a contact's consent, current and history, and
 * recording a grant or withdrawal. Agents record and read, analysts read; partner keys need
 * {@code consents:read} or {@code consents:write}.
 */
@Component(service = ConsentsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contacts/{id}/consents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConsentsResource {

    /** The current record of each purpose and channel, every record newest first, and the purposes there are. */
    public record Consents(List<Consent> current, List<Consent> history, List<String> purposes) {
    }

    /**
     * A grant or withdrawal: {@code channel} left out covers every channel; {@code basis}
     * defaults to consent.
     */
    public record ConsentRequest(String purpose, String channel, String state, String basis, String source,
            String proof, Instant expiresAt) {
    }

    private final ConsentService consents;
    private final ContactService contacts;

    @Activate
    public ConsentsResource(@Reference ConsentService consents, @Reference ContactService contacts) {
        this.consents = consents;
        this.contacts = contacts;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "consents:read")
    public Consents list(@PathParam("id") String id) {
        long contactId = Requests.contact(contacts, id);
        return new Consents(consents.current(contactId), consents.history(contactId), consents.purposes());
    }

    /** Records a grant or withdrawal: 201 with the record. */
    @POST
    @Access(roles = Roles.AGENT, scope = "consents:write")
    public Response record(@PathParam("id") String id, ConsentRequest body, @Context SecurityContext caller) {
        long contactId = Requests.contact(contacts, id);
        if (body == null) {
            throw ApiException.invalid("body", "a consent is required: {\"purpose\": \"marketing\", \"channel\": \"email\", "
                    + "\"state\": \"granted\", \"source\": \"web form\"}");
        }
        LawfulBasis basis;
        try {
            basis = body.basis() == null ? null : LawfulBasis.parse(body.basis());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("basis", e.getMessage());
        }
        ConsentChange change = new ConsentChange(contactId, body.purpose(), Requests.channel(body.channel()),
                Requests.state(body.state()), basis, body.source(), body.proof(), body.expiresAt());
        try {
            Consent recorded = consents.record(change, caller.getUserPrincipal().getName());
            return Response.created(UriBuilder.fromPath("contacts/{id}/consents").build(contactId)).entity(recorded).build();
        } catch (IllegalArgumentException e) {
            throw Requests.refused(e);
        }
    }
}

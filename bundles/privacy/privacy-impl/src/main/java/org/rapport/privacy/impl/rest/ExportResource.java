package org.rapport.privacy.impl.rest;

import java.util.Set;
import java.util.stream.Collectors;

import javax.ws.rs.GET;
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
import org.rapport.privacy.api.ContactExport;
import org.rapport.privacy.api.ErasureService;
import org.rapport.rest.Access;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code GET /api/v1/contacts/{id}/export}: everything held about a contact, from every
 * participant, as JSON (the right to portability). Agents may fetch it for the customer they
 * serve; partner keys need {@code privacy:export}. Each participant is told who asks, and leaves out
 * what it keeps from them elsewhere; an administrator's export, for the data subject, is complete.
 */
@Component(service = ExportResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contacts/{id}/export")
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    private static final Set<String> CALLER_ROLES = Set.of(Roles.ADMIN, Roles.AGENT, Roles.ANALYST, Roles.PARTNER);

    private final ErasureService erasure;
    private final ContactService contacts;

    @Activate
    public ExportResource(@Reference ErasureService erasure, @Reference ContactService contacts) {
        this.erasure = erasure;
        this.contacts = contacts;
    }

    @GET
    @Access(roles = Roles.AGENT, scope = "privacy:export")
    public ContactExport export(@PathParam("id") String id, @Context SecurityContext caller) {
        // Each participant keeps to the caller what it keeps from them elsewhere; an administrator's is complete.
        return erasure.export(Requests.contact(contacts, id), caller.getUserPrincipal() == null ? null
                : caller.getUserPrincipal().getName(), CALLER_ROLES.stream().filter(caller::isUserInRole)
                .collect(Collectors.toUnmodifiableSet()));
    }
}

package org.rapport.rest.impl.security;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code GET /api/v1/session}: who the credentials sent belong to and the roles they hold. The
 * web console signs in with it and shows each person what their roles let them do; the API still
 * checks every call on its own.
 */
@Component(service = SessionResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** The person signed in and their roles, sorted. */
    public record Session(String name, List<String> roles) {
    }

    @GET
    @Access(roles = {Roles.ANALYST, Roles.AGENT})
    public Session get(@Context SecurityContext caller) {
        Caller who = (Caller) caller;
        return new Session(who.name(), who.roles().stream().sorted().toList());
    }
}

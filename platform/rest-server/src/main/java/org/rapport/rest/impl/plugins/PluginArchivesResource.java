package org.rapport.rest.impl.plugins;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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
import org.rapport.rest.Access;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.rest.impl.Operations.Operation;

/**
 * {@code /api/v1/plugins/archives}: the KAR files installed (uploaded and approved, or dropped
 * into {@code deploy/}), for administrators, who uninstall one here (202, then poll the list).
 */
@Component(service = PluginArchivesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("plugins/archives")
@Produces(MediaType.APPLICATION_JSON)
public class PluginArchivesResource {

    /** An installed KAR and its latest uninstall asked here, or null. */
    public record Archive(String name, Operation operation) {
    }

    private final PluginUploads uploads;

    @Activate
    public PluginArchivesResource(@Reference PluginUploads uploads) {
        this.uploads = uploads;
    }

    @GET
    @Access(roles = Roles.ADMIN)
    public Page<Archive> list() {
        return Page.all(uploads.installed().stream().map(name -> new Archive(name, uploads.removal(name).orElse(null))).toList());
    }

    @DELETE
    @Path("{name}")
    @Access(roles = Roles.ADMIN)
    public Response uninstall(@PathParam("name") String name, @Context SecurityContext caller) {
        return Response.accepted(new Archive(name, uploads.uninstall(name, caller.getUserPrincipal().getName()))).build();
    }
}

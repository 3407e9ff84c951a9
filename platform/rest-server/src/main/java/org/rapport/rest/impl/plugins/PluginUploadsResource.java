package org.rapport.rest.impl.plugins;

import java.io.InputStream;
import java.util.Locale;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/plugins/uploads}: administrators upload a plugin's KAR (the body, as
 * {@code application/octet-stream}, or the one file of a {@code multipart/form-data} form, as a
 * browser's file field sends it; up to {@code maxPluginUploadBytes} of {@code org.rapport.rest}),
 * see what it declares and needs, then approve it (installed in the background: 202, then poll) or
 * reject it (the file is deleted).
 */
@Component(service = PluginUploadsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path(PluginUploadsResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class PluginUploadsResource {

    /** The path of uploads, which the body size limit of the API knows for its larger limit. */
    public static final String PATH = "plugins/uploads";

    private final PluginUploads uploads;

    @Activate
    public PluginUploadsResource(@Reference PluginUploads uploads) {
        this.uploads = uploads;
    }

    @GET
    @Access(roles = Roles.ADMIN)
    public Page<Upload> list() {
        return Page.all(uploads.list());
    }

    @POST
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, MediaType.MULTIPART_FORM_DATA})
    @Access(roles = Roles.ADMIN)
    public Response upload(InputStream kar, @QueryParam("name") String name, @Context HttpHeaders headers,
            @Context SecurityContext caller) {
        String actor = caller.getUserPrincipal().getName();
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        Upload upload = isForm(type) ? uploads.stageForm(kar, type, name, actor)
                : uploads.stage(kar, name, actor);
        return Response.created(UriBuilder.fromPath(PATH + "/{id}").build(upload.id())).entity(upload).build();
    }

    /** Whether a Content-Type is {@code multipart/form-data} (whatever its parameters, even malformed ones). */
    public static boolean isForm(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA);
    }

    @GET
    @Path("{id}")
    @Access(roles = Roles.ADMIN)
    public Upload get(@PathParam("id") String id) {
        return uploads.get(id);
    }

    @POST
    @Path("{id}/approve")
    @Access(roles = Roles.ADMIN)
    public Response approve(@PathParam("id") String id, @Context SecurityContext caller) {
        return Response.accepted(uploads.approve(id, caller.getUserPrincipal().getName())).build();
    }

    @POST
    @Path("{id}/reject")
    @Access(roles = Roles.ADMIN)
    public Upload reject(@PathParam("id") String id, @Context SecurityContext caller) {
        return uploads.reject(id, caller.getUserPrincipal().getName());
    }
}

package org.rapport.contacts.impl.rest;


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
import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.ImportReport;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/jobs}: import jobs, the latest first, and {@code jobs/{id}}: one, with its
 * progress while it runs and its report when it ends.
 */
@Component(service = JobsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private final ContactTransfer transfer;

    @Activate
    public JobsResource(@Reference ContactTransfer transfer) {
        this.transfer = transfer;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:write")
    public Page<ImportReport> jobs() {
        return Page.all(transfer.importJobs(20));
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:write")
    public ImportReport job(@PathParam("id") String id) {
        return transfer.importJob(id).orElseThrow(() -> ApiException.notFound("job", id));
    }
}

package org.rapport.privacy.impl.rest;


import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.jobs.JobRunningException;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.api.DataRetentionService;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/privacy/retention/runs}: data-retention runs (administrators run them; analysts
 * may dry-run and read them).
 */
@Component(service = DataRetentionResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("privacy/retention")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DataRetentionResource {

    public record RunRequest(Boolean dryRun) {
    }

    private final DataRetentionService retention;

    @Activate
    public DataRetentionResource(@Reference DataRetentionService retention) {
        this.retention = retention;
    }

    /**
     * Runs the retention rules now, as a job of the runner ({@code /jobs}), and answers with its
     * evidence at its end: {@code {"dryRun": true}} reports and changes nothing. 409 while a run of
     * the kind is running.
     */
    @POST
    @Path("runs")
    @Access(roles = Roles.ANALYST)
    public DataRetentionRun run(RunRequest body, @Context SecurityContext caller) {
        boolean dryRun = body == null || body.dryRun() == null || body.dryRun();
        if (!dryRun && !caller.isUserInRole(Roles.ADMIN)) {
            throw new ApiException(403, "forbidden", "only administrators apply retention; analysts may dry-run it");
        }
        try {
            return retention.run(dryRun, caller.getUserPrincipal().getName());
        } catch (JobRunningException running) {
            throw ApiException.conflict(running.getMessage());
        }
    }

    @GET
    @Path("runs")
    @Access(roles = Roles.ANALYST)
    public Page<DataRetentionRun> runs() {
        return Page.all(retention.runs(50));
    }
}

package org.rapport.jobs.impl.rest;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobRunner;
import org.rapport.jobs.JobRunningException;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/jobs}: every long job of the runner in one place, newest first. Each kind names
 * the roles that see it and those that start and cancel it; the administrator may do all. The
 * class-wide access is the widest any kind has (agents and analysts; partner keys with
 * {@code contacts:write}, who see their imports), and each call then checks the kind's roles. One
 * job is shown with its kind's own report beside it ({@link JobKind#report}: an import's refused rows).
 */
@Component(service = JobsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private final JobRunner runner;

    @Activate
    public JobsResource(@Reference JobRunner runner) {
        this.runner = runner;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:write")
    public Page<Job> jobs(@QueryParam("kind") String kind, @QueryParam("limit") @DefaultValue("20") String limit,
            @Context SecurityContext caller) {
        int most = (int) Math.min(200, Math.max(1, Params.wholeNumber("limit", limit)));
        return Page.all(runner.jobs(kind, 200).stream().filter(j -> maySee(caller, j.kind())).limit(most).toList());
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:write")
    public Map<String, Object> job(@PathParam("id") String id, @Context SecurityContext caller) {
        Job job = runnerJob(id, caller);
        Map<String, Object> shown = new LinkedHashMap<>();
        for (RecordComponent field : Job.class.getRecordComponents()) {
            try {
                shown.put(field.getName(), field.getAccessor().invoke(job));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("a job's " + field.getName() + " cannot be read", e);
            }
        }
        runner.kinds().stream().filter(k -> k.kind().equals(job.kind())).findFirst().flatMap(k -> k.report(job))
                .ifPresent(report -> shown.put("report", report));
        return shown;
    }

    /** Starts a run of {@code kind}: 202 with the run, or 409 when one runs (its id in the message). */
    @POST
    @Path("{kind}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST})
    public Response start(@PathParam("kind") String kind, @Context SecurityContext caller) {
        JobKind declared = runner.kinds().stream().filter(k -> k.kind().equals(kind)).findFirst()
                .filter(k -> may(caller, k.roles())).orElseThrow(() -> ApiException.notFound("job kind", kind));
        if (!declared.startable()) {
            throw ApiException.conflict(declared.title() + " is not started here: its capability starts it (on its "
                    + "schedule, or as a file is handed in)");
        }
        try {
            Job job = runner.start(kind, Params.actor(caller.getUserPrincipal()));
            return Response.accepted(job).location(UriBuilder.fromPath("jobs/{id}").build(job.id())).build();
        } catch (JobRunningException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @POST
    @Path("{id}/cancel")
    @Access(roles = {Roles.AGENT, Roles.ANALYST})
    public Job cancel(@PathParam("id") String id, @Context SecurityContext caller) {
        Job job = ownJob(id, caller, "cancel");
        try {
            return runner.cancel(job.id(), Params.actor(caller.getUserPrincipal()));
        } catch (IllegalArgumentException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /** Goes on with a failed or interrupted run from its cursor: the run as it goes on; 409 if it cannot be resumed now. */
    @POST
    @Path("{id}/resume")
    @Access(roles = {Roles.AGENT, Roles.ANALYST})
    public Job resume(@PathParam("id") String id, @Context SecurityContext caller) {
        Job job = ownJob(id, caller, "resume");
        try {
            return runner.resume(job.id(), Params.actor(caller.getUserPrincipal()));
        } catch (IllegalArgumentException | JobRunningException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST})
    public Job delete(@PathParam("id") String id, @Context SecurityContext caller) {
        return cancel(id, caller);
    }

    private Job runnerJob(String id, SecurityContext caller) {
        long jobId = Params.wholeNumber("id", id);
        // A job of a kind the caller may not see is answered as if there were none.
        return runner.job(jobId).filter(j -> maySee(caller, j.kind()))
                .orElseThrow(() -> ApiException.notFound("job", jobId));
    }

    /** A job the caller may see and whose kind's runs it may start and cancel; 403 for one it may only see. */
    private Job ownJob(String id, SecurityContext caller, String what) {
        Job job = runnerJob(id, caller);
        if (!mayRun(caller, job.kind())) {
            throw new ApiException(403, "forbidden", "only administrators and the roles of " + job.kind() + " " + what
                    + " its jobs");
        }
        return job;
    }

    private boolean maySee(SecurityContext caller, String kind) {
        return caller.isUserInRole(Roles.ADMIN)
                || runner.kinds().stream().filter(k -> k.kind().equals(kind)).anyMatch(k -> may(caller, k.viewers()));
    }

    private boolean mayRun(SecurityContext caller, String kind) {
        return caller.isUserInRole(Roles.ADMIN)
                || runner.kinds().stream().filter(k -> k.kind().equals(kind)).anyMatch(k -> may(caller, k.roles()));
    }

    private static boolean may(SecurityContext caller, Set<String> roles) {
        return caller.isUserInRole(Roles.ADMIN) || roles.stream().anyMatch(caller::isUserInRole);
    }
}

package org.rapport.jobs.impl.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobRunner;
import org.rapport.jobs.JobRunningException;
import org.rapport.jobs.JobSource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/jobs}: every long job in one place, the runner's (newest first) and then those of
 * each {@link JobSource} (contact imports, data-retention runs and previews). Each kind names the roles that see, start and cancel
 * it; the administrator may do all. The class-wide access is the widest any kind has (agents and
 * analysts; partner keys with {@code contacts:write}, who see their imports), and each call then
 * checks the kind's roles.
 */
@Component(service = JobsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private final JobRunner runner;
    private final List<JobSource> sources = new CopyOnWriteArrayList<>();

    @Activate
    public JobsResource(@Reference JobRunner runner) {
        this.runner = runner;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(JobSource source) {
        sources.add(source);
    }

    void removeSource(JobSource source) {
        sources.remove(source);
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:write")
    public Page<Object> jobs(@QueryParam("kind") String kind, @QueryParam("limit") @DefaultValue("20") String limit,
            @Context SecurityContext caller) {
        int most = (int) Math.min(200, Math.max(1, Params.wholeNumber("limit", limit)));
        List<Object> items = new ArrayList<>();
        runner.jobs(kind, 200).stream().filter(j -> maySee(caller, j.kind())).limit(most).forEach(items::add);
        for (JobSource source : sources) {
            if ((kind == null || kind.equals(source.kind())) && may(caller, source.roles())) {
                items.addAll(source.jobs(most));
            }
        }
        return Page.all(items);
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:write")
    public Object job(@PathParam("id") String id, @Context SecurityContext caller) {
        if (id.chars().allMatch(Character::isDigit) && !id.isEmpty() && id.length() < 19) {
            Optional<Job> job = runner.job(Long.parseLong(id)).filter(j -> maySee(caller, j.kind()));
            if (job.isPresent()) {
                return job.get();
            }
        }
        // Then the sources': their ids are their own (an import's, a data-retention run's below the runner's).
        for (JobSource source : sources) {
            if (may(caller, source.roles())) {
                Optional<?> found = source.job(id);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw ApiException.notFound("job", id);
    }

    /** Starts a run of {@code kind}: 202 with the run, or 409 when one runs (its id in the message). */
    @POST
    @Path("{kind}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST})
    public Response start(@PathParam("kind") String kind, @Context SecurityContext caller) {
        JobKind declared = runner.kinds().stream().filter(k -> k.kind().equals(kind)).findFirst()
                .filter(k -> may(caller, k.roles())).orElseThrow(() -> ApiException.notFound("job kind", kind));
        if (!declared.startable()) {
            throw ApiException.conflict(declared.title() + " starts on its schedule only");
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
        Job job = runnerJob(id, caller);
        if (!mayRun(caller, job.kind())) {
            throw new ApiException(403, "forbidden", "only administrators and the roles of " + job.kind()
                    + " cancel its jobs");
        }
        try {
            return runner.cancel(job.id(), Params.actor(caller.getUserPrincipal()));
        } catch (IllegalArgumentException e) {
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

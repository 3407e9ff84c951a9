package org.rapport.retention.impl.rest;

import java.net.URI;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactService;
import org.rapport.retention.api.Episode;
import org.rapport.retention.api.Feedback;
import org.rapport.retention.api.KpiRow;
import org.rapport.retention.api.RetentionService;
import org.rapport.retention.api.RetentionSweep;
import org.rapport.retention.api.SweepRun;
import org.rapport.retention.api.Task;
import org.rapport.retention.api.TaskStatus;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/retention}: customers at risk, agents' tasks, retention KPIs over time, sweeps
 * and one customer's activity. Agents work the tasks; analysts read the figures and run sweeps;
 * partner keys need {@code retention:read} or {@code retention:write}.
 */
@Component(service = RetentionResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("retention")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RetentionResource {

    /** What an agent changes on a task; fields left out stay as they are. */
    public record TaskChange(String status, String assignee, String note) {
    }

    /** A customer as retention sees them: activity, episodes at risk, the tasks they opened, feedback. */
    public record Customer(CustomerActivity activity, List<Episode> episodes, List<Task> tasks, List<Feedback> feedback) {
    }

    private final RetentionService retention;
    private final RetentionSweep sweeps;
    private final ContactService contacts;

    @Activate
    public RetentionResource(@Reference RetentionService retention, @Reference RetentionSweep sweeps,
            @Reference ContactService contacts) {
        this.retention = retention;
        this.sweeps = sweeps;
        this.contacts = contacts;
    }

    /** Open episodes, newest first; {@code tier} keeps one tier's customers. */
    @GET
    @Path("at-risk")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "retention:read")
    public Page<Episode> atRisk(@QueryParam("tier") String tier, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("openedAt"), "-openedAt");
        String t = tier == null || tier.isBlank() ? null : tier.strip();
        return Page.of(retention.atRisk(t, page.offset(), page.limit()), page, retention.countAtRisk(t));
    }

    /** Tasks by due date; {@code status} (default open) and {@code queue} narrow them. */
    @GET
    @Path("tasks")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "retention:read")
    public Page<Task> tasks(@QueryParam("status") String status, @QueryParam("queue") String queue,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("dueAt"), "dueAt");
        TaskStatus state = status == null ? TaskStatus.OPEN : status.equalsIgnoreCase("all") ? null : status(status);
        String inQueue = queue == null || queue.isBlank() ? null : queue.strip();
        return Page.of(retention.tasks(state, inQueue, page.offset(), page.limit()), page, retention.countTasks(state, inQueue));
    }

    /** Takes, notes or closes a task. */
    @PUT
    @Path("tasks/{id}")
    @Access(roles = Roles.AGENT, scope = "retention:write")
    public Task updateTask(@PathParam("id") String id, TaskChange change, @Context SecurityContext caller) {
        if (change == null) {
            throw ApiException.invalid("body", "a change is required: {\"status\": \"done\", \"note\": \"called back\"}");
        }
        long taskId = Params.wholeNumber("id", id);
        try {
            return retention.updateTask(taskId, change.status() == null ? null : status(change.status()),
                    change.assignee(), change.note(), Params.actor(caller.getUserPrincipal()));
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).endsWith("does not exist")) {
                throw ApiException.notFound("task", taskId);
            }
            throw ApiException.refused(e);
        }
    }

    /**
     * Retention figures per month (or quarter with {@code by=quarter}) from {@code from} to
     * {@code to} ({@code yyyy-MM}; the last twelve months by default), for everyone and per tier.
     */
    @GET
    @Path("kpis")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "retention:read")
    public Page<KpiRow> kpis(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") String by) {
        YearMonth end = Params.month("to", to, YearMonth.now());
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        boolean quarters = by != null && by.strip().equalsIgnoreCase("quarter");
        if (by != null && !quarters && !by.strip().equalsIgnoreCase("month")) {
            throw ApiException.invalid("by", "by is month or quarter, not '" + by + "'");
        }
        try {
            return Page.all(retention.kpis(start, end, quarters));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("from", e.getMessage());
        }
    }

    /** Starts a sweep over every customer: 202 with it; follow it at its location. */
    @POST
    @Path("sweeps")
    @Access(roles = Roles.ANALYST)
    public Response sweep(@Context SecurityContext caller) {
        try {
            SweepRun run = sweeps.start(Params.actor(caller.getUserPrincipal()));
            return Response.accepted(run).location(URI.create("retention/sweeps/" + run.id())).build();
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @GET
    @Path("sweeps")
    @Access(roles = Roles.ANALYST)
    public Page<SweepRun> sweeps() {
        return Page.all(sweeps.runs(20));
    }

    @GET
    @Path("sweeps/{id}")
    @Access(roles = Roles.ANALYST)
    public SweepRun sweep(@PathParam("id") String id) {
        long runId = Params.wholeNumber("id", id);
        return sweeps.run(runId).orElseThrow(() -> ApiException.notFound("sweep", runId));
    }

    /** Goes on with an interrupted or failed sweep: 202. */
    @POST
    @Path("sweeps/{id}/resume")
    @Access(roles = Roles.ANALYST)
    public Response resume(@PathParam("id") String id, @Context SecurityContext caller) {
        long runId = Params.wholeNumber("id", id);
        try {
            return Response.accepted(sweeps.resume(runId, Params.actor(caller.getUserPrincipal()))).build();
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("sweep", runId);
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /** A customer's activity as the rules see it, their episodes and their feedback. */
    @GET
    @Path("contacts/{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "retention:read")
    public Customer customer(@PathParam("id") String id) {
        long contactId = contact(id);
        return new Customer(retention.activity(contactId).orElse(null), retention.episodes(contactId),
                retention.tasks(contactId), retention.feedback(contactId));
    }

    /** Evaluates the customer now: the episodes it opened. */
    @POST
    @Path("contacts/{id}/evaluation")
    @Access(roles = Roles.AGENT, scope = "retention:write")
    public List<Episode> evaluate(@PathParam("id") String id, @Context SecurityContext caller) {
        return retention.evaluate(contact(id), Params.actor(caller.getUserPrincipal()));
    }

    private long contact(String id) {
        long contactId = Params.wholeNumber("id", id);
        if (contacts.find(contactId).isEmpty()) {
            throw ApiException.notFound("contact", contactId);
        }
        return contactId;
    }

    private static TaskStatus status(String status) {
        try {
            return TaskStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "'" + status + "' is not a task status: open, done or cancelled");
        }
    }
}

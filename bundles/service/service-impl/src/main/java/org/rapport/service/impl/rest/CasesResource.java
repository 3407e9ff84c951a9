package org.rapport.service.impl.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.Consumes;
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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.communication.api.MessageAttachment;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.RequestLimit;
import org.rapport.rest.Roles;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CasePriority;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseService;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.Escalation;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.QueueFigures;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.CaseAttachments;
import org.rapport.service.impl.CaseServiceImpl;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.InboundCases;
import org.rapport.service.impl.Viewer;

/**
 * {@code /api/v1/cases}: agents and analysts read cases, their threads, the rules' decisions and
 * the queues' figures; agents open and work them; analysts run the SLA check. A partner's key
 * reads with {@code cases:read} (without internal notes) and works cases with {@code cases:write}.
 * Every path answers only about the queues the caller may see ({@link QueueGuard}): a case in
 * another is a 404, as one that does not exist.
 */
@Component(service = CasesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("cases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CasesResource {

    /** The text of a message, reply or note. */
    public record Text(String text) {
    }

    /** A file of a reply: its name, type and bytes in Base64. */
    public record FileIn(String name, String contentType, String content) {
    }

    /** An agent's reply: its text and any files. */
    public record ReplyIn(String text, List<FileIn> attachments) {
    }

    /** Who a case goes to: a user, or null for nobody. */
    public record Assignment(String assignee) {
    }

    /** The status a case moves to. */
    public record Transition(String status) {
    }

    /** The queue a case moves to. */
    public record QueueMove(String queue) {
    }

    /** A case with its thread, oldest entry first. */
    public record CaseView(ServiceCase details, List<CaseEntry> thread) {
    }

    /** A decision applied about the case: what, by which rule of which release, on what facts. */
    public record CaseDecision(String type, Map<String, String> attributes, String rule, String rulePackage,
            long release, String facts, Instant recordedAt) {

        static CaseDecision of(LedgerEntry entry) {
            Decision d = entry.decision();
            return new CaseDecision(d.type(), d.attributes(), d.rule(), d.rulePackage(), d.release(), entry.facts(),
                    entry.recordedAt());
        }
    }

    /** What one SLA check raised. */
    public record Check(List<Escalation> escalations) {
    }

    /**
     * A reply's body may be larger than the API's limit, to carry its files: 10 MiB of them
     * together ({@link MessageAttachment#MAX_BYTES}) are 13.4 MiB in Base64, with room for the
     * text. Only agents and keys with {@code cases:write} get to send it.
     */
    public static final long REPLY_BYTES = 14L * 1024 * 1024;

    private final CaseService cases;
    private final QueueGuard guard;
    private final CaseAttachments attachments;
    private final CaseServiceImpl impl;
    private final DecisionLedger ledger;

    @Activate
    public CasesResource(@Reference CaseService cases, @Reference QueueGuard guard, @Reference CaseAttachments files,
            @Reference CaseServiceImpl impl, @Reference DecisionLedger ledger) {
        this.cases = cases;
        this.guard = guard;
        this.attachments = files;
        this.impl = impl;
        this.ledger = ledger;
    }

    /** Cases from inbound messages, while communication is installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InboundCases fromInbound;

    /** The caller, for the queues they may see. */
    private static Viewer viewer(SecurityContext caller) {
        return Viewer.of(caller.getUserPrincipal() == null ? null : caller.getUserPrincipal().getName(),
                caller::isUserInRole);
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "cases:read")
    public Page<ServiceCase> list(@QueryParam("status") String status, @QueryParam("queue") String queue,
            @QueryParam("assignee") String assignee, @QueryParam("contactId") String contactId,
            @QueryParam("priority") String priority, @QueryParam("offset") String offset, @QueryParam("limit") String limit, @Context SecurityContext caller) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("id"), "-id");
        CaseQuery query = new CaseQuery(blank(status) ? null : CaseErrors.call(() -> CaseStatus.parse(status)),
                blank(queue) ? null : queue.strip(), blank(assignee) ? null : assignee.strip(),
                blank(contactId) ? null : Params.wholeNumber("contactId", contactId),
                blank(priority) ? null : CaseErrors.call(() -> CasePriority.parse(priority)));
        Viewer viewer = viewer(caller);
        return new Page<>(guard.list(query, viewer, page.offset(), page.limit()), page.offset(), page.limit(),
                guard.count(query, viewer));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "cases:read")
    public CaseView find(@PathParam("id") String id, @Context SecurityContext caller) {
        ServiceCase c = existing(id, caller);
        return new CaseView(c, viewer(caller).readable(cases.thread(c.id())));
    }

    /** The case, if the caller may see its queue; else a 404, as for a case that does not exist. */
    private ServiceCase existing(String id, SecurityContext caller) {
        long caseId = Params.wholeNumber("id", id);
        return CaseErrors.call(() -> guard.visible(caseId, viewer(caller)));
    }

    /** The files kept with the case's entries, without their bytes. */
    @GET
    @Path("{id}/attachments")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "cases:read")
    public Page<CaseAttachments.Info> attachments(@PathParam("id") String id, @Context SecurityContext caller) {
        return Page.all(attachments.list(existing(id, caller).id()));
    }

    /**
     * One kept file, as a download only: {@code Content-Disposition: attachment} with its sanitised
     * name, its allowed type, {@code X-Content-Type-Options: nosniff} and a sandbox, so that no
     * browser shows it as a page of this server.
     */
    @GET
    @Path("{id}/attachments/{file}")
    @Produces(MediaType.WILDCARD)
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "cases:read")
    public Response attachment(@PathParam("id") String id, @PathParam("file") String file,
            @Context SecurityContext caller) {
        long caseId = existing(id, caller).id();
        long fileId = Params.wholeNumber("file", file);
        CaseAttachments.File f = attachments.find(caseId, fileId).orElseThrow(() -> ApiException.notFound("attachment", fileId));
        Response.ResponseBuilder download = Response.ok(f.content(), f.info().contentType());
        downloadHeaders(f.info().name()).forEach(download::header);
        return download.build();
    }

    /** The headers of a download named {@code name}: never shown inline, never sniffed, never run. */
    public static Map<String, String> downloadHeaders(String name) {
        return Map.of("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9 ._()-]", "_")
                + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"),
                "X-Content-Type-Options", "nosniff", "Content-Security-Policy", "sandbox", "Cache-Control", "no-store");
    }

    /** The rules' decisions about the case (its targets), newest first, with rule, release and facts. */
    @GET
    @Path("{id}/decisions")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "cases:read")
    public Page<CaseDecision> decisions(@PathParam("id") String id, @Context SecurityContext caller) {
        ServiceCase c = existing(id, caller);
        return Page.all(ledger.about(c.decisionSubject(), 100).stream().map(CaseDecision::of).toList());
    }

    @POST
    @Access(roles = Roles.AGENT, scope = "cases:write")
    public Response open(NewCase body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.invalid("body", "a case: {\"subject\", \"contactId\", \"message\", \"channel\", "
                    + "\"priority\", \"queue\", \"assignee\"}");
        }
        ServiceCase c = CaseErrors.call(() -> guard.open(body, viewer(caller), Params.actor(caller.getUserPrincipal())));
        return Response.status(201).entity(c).build();
    }

    /**
     * Opens a case from a message of communication's inbound log in one step (201), or answers the
     * case it is on already (200); 404 for a message that does not exist, or while communication
     * is not installed. Closed to partners' keys: the inbound log is not theirs to read.
     */
    @POST
    @Path("from-inbound/{inboundId}")
    @Access(roles = Roles.AGENT)
    public Response fromInbound(@PathParam("inboundId") String inboundId, InboundCases.Request body,
            @Context SecurityContext caller) {
        long id = Params.wholeNumber("inboundId", inboundId);
        InboundCases from = fromInbound;
        if (from == null) {
            throw new ApiException(404, "not_found", "there is no inbound message " + id);
        }
        InboundCases.Opened opened = CaseErrors.call(() -> {
            try {
                return from.open(id, body, viewer(caller), Params.actor(caller.getUserPrincipal()));
            } catch (InboundCases.Missing e) {
                throw new ApiException(404, "not_found", e.fieldErrors().get("inboundId"));
            } catch (InboundCases.Taken e) {
                throw new ApiException(409, "conflict", e.fieldErrors().get("inboundId"));
            }
        });
        return Response.status(opened.created() ? 201 : 200).entity(opened).build();
    }

    @POST
    @Path("{id}/replies")
    @Access(roles = Roles.AGENT, scope = "cases:write")
    @RequestLimit(bytes = REPLY_BYTES)
    public Response reply(@PathParam("id") String id, ReplyIn body, @Context SecurityContext caller) {
        long caseId = existing(id, caller).id();
        List<MessageAttachment> given = new ArrayList<>();
        List<FileIn> in = body == null || body.attachments() == null ? List.of() : body.attachments();
        for (int i = 0; i < in.size(); i++) {
            FileIn f = in.get(i);
            try {
                given.add(f == null ? null : new MessageAttachment(f.name(), f.contentType(),
                        f.content() == null ? null : Base64.getMimeDecoder().decode(f.content())));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("attachments[" + i + "].content", "is not Base64");
            }
        }
        List<MessageAttachment> files = CaseErrors.call(() -> attachments.checked(given));
        return created(CaseErrors.call(() -> impl.reply(caseId, body == null ? null : body.text(), files,
                Params.actor(caller.getUserPrincipal()))));
    }

    @POST
    @Path("{id}/notes")
    @Access(roles = Roles.AGENT, scope = "cases:write")
    public Response note(@PathParam("id") String id, Text body, @Context SecurityContext caller) {
        long caseId = existing(id, caller).id();
        return created(CaseErrors.call(() -> cases.note(caseId, text(body), Params.actor(caller.getUserPrincipal()))));
    }

    /** A message from the customer, taken by an agent (a call) or delivered by a gateway. */
    @POST
    @Path("{id}/messages")
    @Access(roles = Roles.AGENT, scope = "cases:write")
    public Response message(@PathParam("id") String id, Text body, @Context SecurityContext caller) {
        long caseId = existing(id, caller).id();
        return created(CaseErrors.call(() -> cases.message(caseId, text(body), Params.actor(caller.getUserPrincipal()))));
    }

    private static String text(Text body) {
        return body == null ? null : body.text();
    }

    private static Response created(CaseEntry entry) {
        return Response.status(201).entity(entry).build();
    }

    @POST
    @Path("{id}/assignment")
    @Access(roles = Roles.AGENT, scope = "cases:write")
    public ServiceCase assign(@PathParam("id") String id, Assignment body, @Context SecurityContext caller) {
        long caseId = existing(id, caller).id();
        String assignee = body == null ? null : body.assignee();
        return CaseErrors.call(() -> cases.assign(caseId, assignee, Params.actor(caller.getUserPrincipal())));
    }

    /** Moves the case to another queue, one the caller sees (200 with the case; the queue it is in changes nothing). */
    @POST
    @Path("{id}/queue")
    @Access(roles = Roles.AGENT, scope = "cases:write")
    public ServiceCase move(@PathParam("id") String id, QueueMove body, @Context SecurityContext caller) {
        long caseId = Params.wholeNumber("id", id);
        String queue = body == null ? null : body.queue();
        return CaseErrors.call(() -> guard.move(caseId, queue, viewer(caller), Params.actor(caller.getUserPrincipal())));
    }

    @POST
    @Path("{id}/transition")
    @Access(roles = Roles.AGENT, scope = "cases:write")
    public ServiceCase transition(@PathParam("id") String id, Transition body, @Context SecurityContext caller) {
        long caseId = existing(id, caller).id();
        if (body == null || blank(body.status())) {
            throw ApiException.invalid("status", "is required: one of open, pending, resolved, closed");
        }
        return CaseErrors.call(() -> cases.transition(caseId, CaseStatus.parse(body.status()),
                Params.actor(caller.getUserPrincipal())));
    }

    /** Each queue's figures over the cases opened from {@code from} to {@code to} (days, both included; the last 30 days by default). */
    @GET
    @Path("kpis")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "cases:read")
    public Page<QueueFigures> kpis(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context SecurityContext caller) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate last = Params.day("to", to, today);
        LocalDate first = Params.day("from", from, last.minusDays(29));
        if (first.isAfter(last)) {
            throw ApiException.invalid("from", "is after 'to'");
        }
        return Page.all(CaseErrors.call(() -> guard.figures(first.atStartOfDay().toInstant(ZoneOffset.UTC),
                last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), viewer(caller))));
    }

    /**
     * The configured queues the caller may see, in their order: those a case may be opened in or moved
     * to. The figures ({@link #kpis}) name besides any queue no longer configured that cases are still in.
     */
    @GET
    @Path("queues")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "cases:read")
    public Page<String> queues(@Context SecurityContext caller) {
        return Page.all(guard.queues(viewer(caller)));
    }

    /** Runs the SLA check now, as the schedule does. */
    @POST
    @Path("checks")
    @Access(roles = Roles.ANALYST)
    public Check check() {
        return new Check(cases.checkTargets());
    }
}

package org.rapport.segments.impl.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentCount;
import org.rapport.segments.api.SegmentPreview;
import org.rapport.segments.api.SegmentKind;
import org.rapport.segments.api.SegmentService;
import org.rapport.segments.impl.SegmentAudit;

/**
 * {@code /api/v1/segments}: saved segments. Agents and analysts read them, their members and
 * their counts, and preview conditions; analysts define, refresh and remove them.
 */
@Component(service = SegmentsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("segments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SegmentsResource {

    /**
     * A segment as sent: what it is for, its condition, and its kind ({@code marketing} or
     * {@code service}; absent keeps the kind of a segment that exists, marketing for a new one).
     */
    public record Definition(String description, String condition, String kind) {
    }

    /** A condition to preview, and how many of its contacts to show. */
    public record Candidate(String condition, Integer sample) {
    }

    private final SegmentService segments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public SegmentsResource(@Reference SegmentService segments) {
        this.segments = segments;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<Segment> list() {
        return Page.all(segments.list());
    }

    @GET
    @Path("{name}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Segment get(@PathParam("name") String name) {
        return segments.find(name).orElseThrow(() -> ApiException.notFound("segment", name));
    }

    /** Defines the segment or changes its definition; answers it with its members computed. */
    @PUT
    @Path("{name}")
    @Access(roles = Roles.ANALYST, scope = "segments:write")
    public Segment define(@PathParam("name") String name, Definition body, @Context SecurityContext caller) {
        if (body == null || body.condition() == null) {
            throw ApiException.invalid("condition", "a segment needs a condition, such as \"tag:vip did:purchase>=1/90d\"");
        }
        SegmentKind kind;
        try {
            kind = body.kind() == null ? null : SegmentKind.parse(body.kind());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("kind", e.getMessage());
        }
        String actor = Params.actor(caller.getUserPrincipal());
        try {
            Segment segment = segments.define(name, body.description(), body.condition(), kind, actor);
            SegmentAudit.defined(events, actor, segment);
            return segment;
        } catch (ContactValidationException e) {
            throw ApiException.invalid(e.fieldErrors());
        }
    }

    @DELETE
    @Path("{name}")
    @Access(roles = Roles.ANALYST, scope = "segments:write")
    public Response remove(@PathParam("name") String name, @Context SecurityContext caller) {
        if (!segments.remove(name)) {
            throw ApiException.notFound("segment", name);
        }
        SegmentAudit.changed(events, Params.actor(caller.getUserPrincipal()), "segment.remove", name, "removed");
        return Response.noContent().build();
    }

    /** Computes the segment's members again from its condition. */
    @POST
    @Path("{name}/refresh")
    @Access(roles = Roles.ANALYST, scope = "segments:write")
    public Segment refresh(@PathParam("name") String name) {
        get(name);
        return segments.refresh(name);
    }

    @GET
    @Path("{name}/members")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<Contact> members(@PathParam("name") String name, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        Segment segment = get(name);
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("id"), "id");
        return Page.of(segments.members(name, page.offset(), page.limit()), page, segment.members());
    }

    /** The size, joiners and leavers day by day; {@code from} defaults to 30 days ago, {@code to} to today (UTC). */
    @GET
    @Path("{name}/counts")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<SegmentCount> counts(@PathParam("name") String name, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        get(name);
        LocalDate last = Params.day("to", to, LocalDate.now(ZoneOffset.UTC));
        LocalDate first = Params.day("from", from, last.minusDays(29));
        try {
            return Page.all(segments.counts(name, first, last));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("from", e.getMessage());
        }
    }

    /** How many contacts a condition selects now, with a sample (10 unless {@code sample} says), saving nothing. */
    @POST
    @Path("preview")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public SegmentPreview preview(Candidate body) {
        if (body == null || body.condition() == null) {
            throw ApiException.invalid("condition", "a condition is required, such as \"tag:vip\"");
        }
        try {
            return segments.preview(body.condition(), body.sample() == null ? 10 : body.sample());
        } catch (ContactValidationException e) {
            throw ApiException.invalid(e.fieldErrors());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("sample", e.getMessage());
        }
    }
}

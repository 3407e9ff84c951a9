package org.rapport.contacts.impl.rest;

import java.util.Map;

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
import javax.ws.rs.core.UriBuilder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactMerger;
import org.rapport.contacts.api.ContactMerger.MergeChoice;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.Merge;
import org.rapport.contacts.api.MergePreview;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/merges}: preview, apply and undo merges of two contacts. Agents merge; analysts
 * read; partner keys need {@code contacts:write} to merge and {@code contacts:read} to read.
 */
@Component(service = MergesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("merges")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MergesResource {

    /**
     * A merge to preview or apply.
     *
     * @param choices field ({@code firstName}, {@code address}, {@code properties.birthDate}, ...)
     *        to {@code survivor} or {@code merged}
     */
    public record MergeRequest(Long survivorId, Long mergedId, Map<String, String> choices) {

        Map<String, MergeChoice> parsed() {
            Map<String, MergeChoice> parsed = new java.util.LinkedHashMap<>();
            if (choices != null) {
                choices.forEach((field, choice) -> {
                    try {
                        parsed.put(field, MergeChoice.valueOf(String.valueOf(choice).strip().toUpperCase(java.util.Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw ApiException.invalid("choices." + field, "survivor or merged, not '" + choice + "'");
                    }
                });
            }
            return parsed;
        }
    }

    private final ContactMerger merger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public MergesResource(@Reference ContactMerger merger) {
        this.merger = merger;
    }

    /** What the merge would give, field by field; nothing is changed. */
    @POST
    @Path("preview")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public MergePreview preview(MergeRequest request) {
        check(request);
        try {
            return merger.preview(request.survivorId(), request.mergedId(), request.parsed());
        } catch (ContactValidationException e) {
            throw ContactsResource.refusal(e);
        }
    }

    @POST
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Response merge(MergeRequest request, @Context SecurityContext caller) {
        check(request);
        String actor = Params.actor(caller.getUserPrincipal());
        Merge merge;
        try {
            merge = merger.merge(request.survivorId(), request.mergedId(), request.parsed(), actor);
        } catch (ContactValidationException e) {
            throw ContactsResource.refusal(e);
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        ContactAudit.other(events, actor, "contact.merge", "contact " + merge.survivorId(),
                "contact " + merge.mergedId() + " merged in (merge " + merge.id() + "): " + merge.outcomes());
        return Response.created(UriBuilder.fromPath("merges/{id}").build(merge.id())).entity(merge).build();
    }

    /** Undoes the merge: both contacts and their timelines as they were, keeping later changes. */
    @POST
    @Path("{id}/undo")
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Merge undo(@PathParam("id") String id, @Context SecurityContext caller) {
        long mergeId = Params.wholeNumber("id", id);
        get(id);
        String actor = Params.actor(caller.getUserPrincipal());
        try {
            Merge undone = merger.undo(mergeId, actor);
            ContactAudit.other(events, actor, "contact.unmerge", "contact " + undone.survivorId(),
                    "contact " + undone.mergedId() + " separated again (merge " + mergeId + " undone)");
            return undone;
        } catch (ContactValidationException e) {
            throw ContactsResource.refusal(e);
        }
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Merge get(@PathParam("id") String id) {
        long mergeId = Params.wholeNumber("id", id);
        return merger.find(mergeId).orElseThrow(() -> ApiException.notFound("merge", mergeId));
    }

    /** Merges newest first; {@code contactId} keeps those a contact took part in. */
    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<Merge> list(@QueryParam("contactId") String contactId, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, java.util.Set.of("id"), "-id");
        Long contact = contactId == null ? null : Params.wholeNumber("contactId", contactId);
        return Page.of(merger.list(contact, page.offset(), Math.min(page.limit(), 500)), page, merger.count(contact));
    }

    private static void check(MergeRequest request) {
        if (request == null || request.survivorId() == null || request.mergedId() == null) {
            throw ApiException.invalid(request == null || request.survivorId() == null ? "survivorId" : "mergedId",
                    "a merge names both contacts: {\"survivorId\", \"mergedId\", \"choices\"}");
        }
    }
}

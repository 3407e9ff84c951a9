package org.rapport.retention.impl.rest;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
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
import org.rapport.retention.api.Feedback;
import org.rapport.retention.api.FeedbackKind;
import org.rapport.retention.api.NewFeedback;
import org.rapport.retention.api.RetentionService;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/feedback}: survey answers (NPS 0-10, CSAT 1-5) and free-text comments, from
 * agents or a survey tool's key ({@code feedback:write}). Each lands on the contact's timeline
 * and has the customer evaluated for retention at once.
 */
@Component(service = FeedbackResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("feedback")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    /** {@code kind}: nps, csat or comment. */
    public record FeedbackBody(Long contactId, String kind, Integer score, String comment, String channel,
            Instant occurredAt) {
    }

    private final RetentionService retention;

    @Activate
    public FeedbackResource(@Reference RetentionService retention) {
        this.retention = retention;
    }

    /** Records an answer or comment: 201 with it. */
    @POST
    @Access(roles = Roles.AGENT, scope = "feedback:write")
    public Response record(FeedbackBody body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.invalid("body", "feedback is required: {\"contactId\": 1, \"kind\": \"nps\", \"score\": 9}");
        }
        if (body.contactId() == null) {
            throw ApiException.invalid("contactId", "contactId is required");
        }
        FeedbackKind kind = null;
        if (body.kind() != null) {
            try {
                kind = FeedbackKind.valueOf(body.kind().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("kind", "'" + body.kind() + "' is not a kind: nps, csat or comment");
            }
        }
        Feedback stored;
        try {
            stored = retention.recordFeedback(new NewFeedback(body.contactId(), kind, body.score(), body.comment(),
                    body.channel(), body.occurredAt()), Params.actor(caller.getUserPrincipal()));
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
        return Response.created(URI.create("retention/contacts/" + stored.contactId())).entity(stored).build();
    }

    /** A contact's feedback, newest first. */
    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "feedback:read")
    public Page<Feedback> list(@QueryParam("contactId") String contactId) {
        if (contactId == null) {
            throw ApiException.invalid("contactId", "contactId is required");
        }
        return Page.all(retention.feedback(Params.wholeNumber("contactId", contactId)));
    }
}

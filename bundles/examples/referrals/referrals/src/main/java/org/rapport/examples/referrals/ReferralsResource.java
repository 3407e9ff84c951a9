package org.rapport.examples.referrals;

import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/referrals}: agents record who referred a customer ({@code POST}, 201) and read it
 * back ({@code GET referrals/{contactId}}). It joins Rapport's API, so its sign-in, roles and
 * error format are Rapport's.
 */
@Component(service = ReferralsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("referrals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(roles = Roles.AGENT, scope = "contacts:write")
public class ReferralsResource {

    /** A referral to record: who referred whom. */
    public record NewReferral(Long referrerId, Long contactId) {
    }

    private final ReferralProgramme programme;

    @Activate
    public ReferralsResource(@Reference ReferralProgramme programme) {
        this.programme = programme;
    }

    @POST
    public Response refer(NewReferral body, @Context SecurityContext caller) {
        if (body == null || body.referrerId() == null || body.contactId() == null) {
            throw ApiException.invalid("(body)", "{\"referrerId\": 1, \"contactId\": 2} is required");
        }
        try {
            ReferralProgramme.Referral referral = programme.refer(body.referrerId(), body.contactId(),
                    Params.actor(caller.getUserPrincipal()));
            return Response.created(URI.create("referrals/" + referral.contactId())).entity(referral).build();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("referrerId", e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @GET
    @Path("{contactId}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public ReferralProgramme.Referral get(@PathParam("contactId") String contactId) {
        long id = Params.wholeNumber("contactId", contactId);
        return programme.referral(id).orElseThrow(() -> ApiException.notFound("referral of contact", id));
    }
}

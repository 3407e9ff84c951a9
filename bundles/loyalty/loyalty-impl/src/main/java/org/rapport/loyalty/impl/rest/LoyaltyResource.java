package org.rapport.loyalty.impl.rest;

import java.math.BigDecimal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.MemberStatus;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/loyalty/members/{contactId}}: a member's standing, and purchases that the
 * loyalty rules judge at once. Agents record and read; analysts read; partner keys need
 * {@code loyalty:read} or {@code loyalty:write}.
 */
@Component(service = LoyaltyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("loyalty/members/{contactId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LoyaltyResource {

    /** A purchase: a positive amount with at most two decimals. */
    public record Purchase(BigDecimal amount) {
    }

    private final LoyaltyService loyalty;
    private final ContactService contacts;

    @Activate
    public LoyaltyResource(@Reference LoyaltyService loyalty, @Reference ContactService contacts) {
        this.loyalty = loyalty;
        this.contacts = contacts;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "loyalty:read")
    public MemberStatus member(@PathParam("contactId") String contactId) {
        long id = existingContact(contactId);
        return loyalty.member(id).orElseThrow(() -> new ApiException(404, "not_found",
                "contact " + id + " is not a loyalty member yet; a first purchase makes them one"));
    }

    /** Records a purchase; the answer is the member's standing after the rules judged it. */
    @POST
    @Path("purchases")
    @Access(roles = Roles.AGENT, scope = "loyalty:write")
    public MemberStatus purchase(@PathParam("contactId") String contactId, Purchase purchase) {
        long id = existingContact(contactId);
        if (purchase == null || purchase.amount() == null) {
            throw ApiException.invalid("amount", "an amount is required, such as {\"amount\": 12.50}");
        }
        try {
            return loyalty.recordPurchase(id, purchase.amount());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("amount", e.getMessage());
        }
    }

    private long existingContact(String contactId) {
        long id;
        try {
            id = Long.parseLong(contactId);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("contactId", "a contact id is a whole number, not '" + contactId + "'");
        }
        if (contacts.find(id).isEmpty()) {
            throw ApiException.notFound("contact", id);
        }
        return id;
    }
}

package org.rapport.loyalty.impl.rest;

import java.io.InputStream;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code POST /api/v1/loyalty/purchases/bulk}: purchases as NDJSON ({@code application/x-ndjson},
 * one purchase a line as {@code POST purchases} takes it), booked as they are read, answered line
 * by line as NDJSON ({@link PurchaseLines}): 200 with a result for every line and a summary last.
 * The request body is bounded by {@code maxRequestBytes} ({@code etc/org.rapport.rest.cfg}) like
 * every other. Who may: as {@code POST purchases}, agents and keys with {@code loyalty:write}.
 */
@Component(service = PurchaseBulkResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("loyalty/purchases/bulk")
public class PurchaseBulkResource {

    static final String NDJSON = "application/x-ndjson";

    private final PurchaseLines lines;

    @Activate
    public PurchaseBulkResource(@Reference LoyaltyService loyalty, @Reference ContactService contacts) {
        this.lines = new PurchaseLines(loyalty, contacts);
    }

    @POST
    @Consumes({NDJSON, "text/plain"})
    @Produces(NDJSON)
    @Access(roles = Roles.AGENT, scope = "loyalty:write")
    public StreamingOutput book(InputStream body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.invalid("body", "NDJSON is required: one purchase a line");
        }
        String actor = Params.actor(caller.getUserPrincipal());
        return out -> lines.book(body, out, actor);
    }
}

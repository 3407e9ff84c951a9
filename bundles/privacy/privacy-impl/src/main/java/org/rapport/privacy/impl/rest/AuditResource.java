package org.rapport.privacy.impl.rest;


import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.privacy.spi.AuditEntry;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;

/** {@code GET /api/v1/audit}: the audit log, newest first, for administrators. It has no way to change an entry. */
@Component(service = AuditResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog audit;

    @Activate
    public AuditResource(@Reference AuditLog audit) {
        this.audit = audit;
    }

    /**
     * @param subject only entries about this subject ({@code contact 17}, {@code user grace})
     * @param action only actions starting with this ({@code contact.}, {@code consent.})
     */
    @GET
    @Access
    public Page<AuditEntry> find(@QueryParam("subject") String subject, @QueryParam("actor") String actor,
            @QueryParam("action") String action, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.invalid("limit", "limit is from 1 to 1000, not " + limit);
        }
        return Page.all(audit.find(subject, actor, action, limit));
    }
}

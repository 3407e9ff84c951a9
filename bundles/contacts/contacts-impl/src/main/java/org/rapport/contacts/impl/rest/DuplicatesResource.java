package org.rapport.contacts.impl.rest;


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
import org.rapport.contacts.api.DuplicateCandidate;
import org.rapport.contacts.api.DuplicateFinder;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/** {@code /api/v1/duplicates}: likely duplicate contacts, most likely first. */
@Component(service = DuplicatesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("duplicates")
@Produces(MediaType.APPLICATION_JSON)
public class DuplicatesResource {

    private final DuplicateFinder duplicates;

    @Activate
    public DuplicatesResource(@Reference DuplicateFinder duplicates) {
        this.duplicates = duplicates;
    }

    /** Pairs scoring at least {@code minScore} (default 50), at most {@code limit} (default 50). */
    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<DuplicateCandidate> list(@QueryParam("minScore") String minScore, @QueryParam("limit") String limit) {
        int min = number("minScore", minScore, 50);
        int max = number("limit", limit, 50);
        if (min < 0 || min > 100) {
            throw ApiException.invalid("minScore", "minScore is from 0 to 100, not " + min);
        }
        try {
            return Page.all(duplicates.duplicates(min, max));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("limit", e.getMessage());
        }
    }

    private static int number(String field, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, field + " is a whole number, not '" + value + "'");
        }
    }
}

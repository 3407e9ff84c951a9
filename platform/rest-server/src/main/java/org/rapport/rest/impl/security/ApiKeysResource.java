package org.rapport.rest.impl.security;

import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.impl.AuditTrail;
import org.rapport.rest.RapportApi;
import org.rapport.rest.security.ApiKey;
import org.rapport.rest.security.ApiKeyService;
import org.rapport.rest.security.IssuedApiKey;

/** {@code /api/v1/keys}: API keys of partner systems, for administrators. */
@Component(service = ApiKeysResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    /** What a new key is for: the partner system's name and the scopes it gets. */
    public record NewKey(String name, Set<String> scopes) {
    }

    private final ApiKeyService keys;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public ApiKeysResource(@Reference ApiKeyService keys) {
        this.keys = keys;
    }

    @GET
    public Page<ApiKey> list() {
        return Page.all(keys.list());
    }

    @GET
    @Path("{id}")
    public ApiKey get(@PathParam("id") String id) {
        return keys.find(id).orElseThrow(() -> ApiException.notFound("API key", id));
    }

    /** Issues a key; the response carries the whole key ({@code secret}) this once. */
    @POST
    public Response issue(NewKey key, @Context SecurityContext caller) {
        if (key == null) {
            throw ApiException.invalid("(body)", "a key is required: {\"name\", \"scopes\"}");
        }
        IssuedApiKey issued = keys.issue(key.name(), key.scopes(), caller.getUserPrincipal().getName());
        AuditTrail.send(events, caller.getUserPrincipal().getName(), "key.issue", "API key " + issued.key().id(), null,
                "issued to " + issued.key().name() + " with scopes " + String.join(", ", issued.key().scopes()));
        return Response.created(UriBuilder.fromPath("keys/{id}").build(issued.key().id())).entity(issued).build();
    }

    /** Revokes a key at once; it stays listed as revoked. */
    @DELETE
    @Path("{id}")
    public ApiKey revoke(@PathParam("id") String id, @Context SecurityContext caller) {
        ApiKey revoked = keys.revoke(id, caller.getUserPrincipal().getName());
        AuditTrail.send(events, caller.getUserPrincipal().getName(), "key.revoke", "API key " + revoked.id(), "active",
                "revoked");
        return revoked;
    }
}

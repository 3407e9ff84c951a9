package org.rapport.rest.impl.plugins;


import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.guard.PluginGuards;
import org.rapport.guard.PluginState;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/plugins}: the installed plugins, what each declares it needs and what was refused
 * of it ({@code refused}), and every plugin the platform's guard calls ({@code guarded}: listeners,
 * channels, erasure participants...), with its calls and faults and whether it is suspended, for
 * administrators, who resume a suspended one.
 */
@Component(service = PluginsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginsResource {

    private final PluginRegistry plugins;

    @Activate
    public PluginsResource(@Reference PluginRegistry plugins) {
        this.plugins = plugins;
    }

    @GET
    @Access(roles = Roles.ADMIN)
    public Page<Plugin> list() {
        return Page.all(plugins.list());
    }

    @GET
    @Path("{name}")
    @Access(roles = Roles.ADMIN)
    public Plugin get(@PathParam("name") String name) {
        return plugins.find(name).orElseThrow(() -> ApiException.notFound("plugin", name));
    }

    /** Every guarded plugin of every plugin point, by kind and name (a plugin named {@code guarded} is listed above). */
    @GET
    @Path("guarded")
    @Access(roles = Roles.ADMIN)
    public Page<PluginState> guarded() {
        return Page.all(PluginGuards.states());
    }

    /** Lets a suspended plugin be called again: its state; 404 for no such kind, 409 if it is not suspended. */
    @POST
    @Path("guarded/{kind}/{name}/resume")
    @Access(roles = Roles.ADMIN)
    public PluginState resume(@PathParam("kind") String kind, @PathParam("name") String name,
            @Context SecurityContext caller) {
        boolean resumed;
        try {
            resumed = PluginGuards.resume(kind, name, Params.actor(caller.getUserPrincipal()));
        } catch (IllegalArgumentException noSuchKind) {
            throw ApiException.notFound("kind of guarded plugin", kind);
        }
        if (!resumed) {
            throw ApiException.conflict(kind + " '" + name + "' is not suspended");
        }
        return PluginGuards.state(kind, name).orElseThrow(() -> ApiException.notFound(kind, name));
    }
}

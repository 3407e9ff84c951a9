package org.rapport.rest.impl.plugins;


import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/plugins}: the installed plugins, what each declares it needs and what was refused
 * of it ({@code refused}), for administrators.
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
}

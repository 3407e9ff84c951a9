package ${package};

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/** {@code GET /api/v1/${pluginName}/status}: what the plugin has done; Rapport's sign-in and roles apply. */
@Component(service = PluginResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("${pluginName}")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    private final PluginListener listener;

    @Activate
    public PluginResource(@Reference PluginListener listener) {
        this.listener = listener;
    }

    @GET
    @Path("status")
    @Access(roles = {Roles.AGENT, Roles.ANALYST})
    public PluginListener.Status status() {
        return listener.status();
    }
}

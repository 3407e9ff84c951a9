package org.rapport.rest.impl;

import java.util.HashSet;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI document of every resource that is part of the
 * Rapport application right now, partners' included, generated from the resource classes.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public class OpenApiResource {

    private static final String SELECT = "osgi.jaxrs.application.select";

    private ServiceTracker<Object, Class<?>> tracker;

    @Activate
    void activate(BundleContext context) throws InvalidSyntaxException {
        // Resources are registered under their own classes, so they are tracked by property alone;
        // this resource is left out (getting itself while it activates would be a cycle) and added below.
        String select = RapportApi.APPLICATION_SELECT.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
        Filter filter = context.createFilter("(&(osgi.jaxrs.resource=true)(" + SELECT + "=" + select + ")(!("
                + "component.name=" + OpenApiResource.class.getName() + ")))");
        tracker = new ServiceTracker<>(context, filter, new ServiceTrackerCustomizer<Object, Class<?>>() {
            @Override
            public Class<?> addingService(ServiceReference<Object> reference) {
                Object resource = context.getService(reference);
                if (resource == null) {
                    return null;
                }
                Class<?> type = resource.getClass();
                context.ungetService(reference);
                return type;
            }

            @Override
            public void modifiedService(ServiceReference<Object> reference, Class<?> type) {
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Class<?> type) {
            }
        });
        tracker.open(true);
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @GET
    @Public
    public ObjectNode document() {
        Set<Class<?>> resources = new HashSet<>(tracker.getTracked().values());
        resources.add(OpenApiResource.class);
        return OpenApi.document(resources, HealthResource.VERSION);
    }
}

package org.rapport.rest.impl;

import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.feature.Feature;
import org.apache.cxf.interceptor.InterceptorProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rapport.rest.RapportApi;

/**
 * Whether the Rapport application answers requests at this moment. The JAX-RS whiteboard
 * rebuilds the whole application whenever a resource or extension arrives or leaves: it lists the
 * new part in its runtime description first, then stops the application's server and starts a
 * new one, and in between every path of the API answers 404. This CXF feature, an extension of
 * the application, is handed each server as it is built; {@link Readiness} asks whether the newest
 * one is started.
 */
@Component(service = {Feature.class, ApiServing.class})
@JaxrsExtension
@JaxrsName("rapport.serving")
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
public class ApiServing implements Feature {

    private volatile Server server;

    /** True once the application's newest server is started, false while it is being rebuilt. */
    public boolean serving() {
        Server current = server;
        return current != null && current.isStarted();
    }

    @Override
    public void initialize(Server built, Bus bus) {
        server = built;
    }

    @Override
    public void initialize(Client client, Bus bus) {
        // Only the application's servers are watched.
    }

    @Override
    public void initialize(InterceptorProvider interceptorProvider, Bus bus) {
        // Nothing to add to an endpoint's interceptors.
    }

    @Override
    public void initialize(Bus bus) {
        // Nothing to add to the bus.
    }
}

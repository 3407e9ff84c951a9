package org.rapport.rest.impl;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.junit.After;
import org.junit.Test;

/**
 * Whether the application is served, as CXF builds, starts and destroys its servers the way the
 * JAX-RS whiteboard does when it rebuilds the application (a new server, started after the old
 * one is destroyed).
 */
public class ApiServingTest {

    @Path("probe")
    public static class Probe {
        @GET
        public String get() {
            return "here";
        }
    }

    private final Bus bus = BusFactory.newInstance().createBus();
    private final ApiServing serving = new ApiServing();

    @After
    public void shutDown() {
        bus.shutdown(true);
    }

    private Server build() {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress("/api");
        factory.setTransportId("http://cxf.apache.org/transports/http");
        factory.setServiceBeanObjects(new Probe());
        factory.setFeatures(List.of(serving));
        factory.setStart(false);
        return factory.create();
    }

    @Test
    public void notServedUntilTheFirstServerIsStarted() {
        assertFalse("no server built yet", serving.serving());
        Server first = build();
        assertFalse("built, not started", serving.serving());
        first.start();
        assertTrue(serving.serving());
    }

    @Test
    public void notServedWhileTheApplicationIsRebuilt() {
        Server first = build();
        first.start();
        assertTrue(serving.serving());

        first.destroy();
        assertFalse("the old server is destroyed and no new one is built yet", serving.serving());
        Server second = build();
        assertFalse("the new server is built, not started", serving.serving());
        second.start();
        assertTrue("the new server is started", serving.serving());

        second.destroy();
        assertFalse(serving.serving());
    }
}

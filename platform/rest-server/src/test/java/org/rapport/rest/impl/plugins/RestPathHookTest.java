package org.rapport.rest.impl.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.util.tracker.ServiceTracker;
import org.rapport.guard.PluginPolicy;
import org.rapport.rest.RapportApi;
import org.rapport.testing.OsgiFramework;

/**
 * The hook in a real OSGi framework (Felix, as in Karaf): a plugin's JAX-RS resource whose path
 * its manifest does not declare is hidden from every other bundle, as the JAX-RS whiteboard would
 * look for it, before and after it is registered; what is declared, and what a bundle that is no
 * plugin registers, is not.
 */
public class RestPathHookTest {

    /** Resources as a plugin carries them. */
    public static final class Resources {
        @Path("visits")
        public static class Declared {
        }

        @Path("/visits-report/")
        public static class Below {
        }

        @Path("contacts")
        public static class Shadowing {
        }

        public static class NoPath {
        }
    }

    @Rule
    public OsgiFramework osgi = new OsgiFramework("javax.ws.rs;version=2.1");

    private BundleContext consumer;
    private RestPathHook hook;

    @Before
    public void start() throws Exception {
        for (long id = 0; id < 10; id++) {
            PluginPolicy.forget(id);
        }
        hook = new RestPathHook(osgi.context());
        osgi.context().registerService(new String[] { FindHook.class.getName(), EventListenerHook.class.getName() },
                hook, null);
        Bundle whiteboard = osgi.install("test.whiteboard", Map.of(), List.of());
        whiteboard.start();
        consumer = whiteboard.getBundleContext();
    }

    @Test
    public void aPluginsUndeclaredResourcesAreHiddenFromOtherBundles() throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(consumer,
                consumer.createFilter("(osgi.jaxrs.resource=true)"), null);
        tracker.open();
        Bundle plugin = start("com.example.visits", "org.rapport.plugin; org.rapport.plugin=\"visits\"; "
                + "rest-paths:List<String>=\"/api/v1/visits,/api/v1/visits-report\"");
        ServiceRegistration<?> declared = register(plugin, Resources.Declared.class, true);
        register(plugin, Resources.Below.class, true);
        register(plugin, Resources.Shadowing.class, true);
        register(plugin, Resources.Declared.class, false);
        register(plugin, Resources.NoPath.class, true);

        assertEquals("the declared paths in Rapport's application, to a tracker opened before", 2, tracker.size());
        assertEquals(2, consumer.getServiceReferences((String) null, "(osgi.jaxrs.resource=true)").length);
        assertEquals("the plugin sees its own", 5,
                plugin.getBundleContext().getServiceReferences((String) null, "(osgi.jaxrs.resource=true)").length);
        assertNull(consumer.getServiceReferences(Resources.Shadowing.class.getName(), null));

        declared.setProperties(new Hashtable<>(Map.of("osgi.jaxrs.resource", Boolean.TRUE)));
        assertNull("moved out of Rapport's application, it is judged again",
                consumer.getServiceReferences(Resources.Declared.class.getName(), null));

        List<String> refused = PluginPolicy.refusals(plugin).stream().map(r -> r.kind().word() + " " + r.name()).toList();
        assertEquals(List.of("rest-path /api/v1/contacts", "rest-path /visits",
                "rest-path /api/v1/(no @Path on " + Resources.NoPath.class.getName() + ")"), refused);
        tracker.close();
    }

    @Test
    public void aBundleThatIsNoPluginIsNotLookedAt() throws Exception {
        Bundle own = start("org.rapport.rapport-contacts-impl", null);
        ServiceReference<?> reference = register(own, Resources.Shadowing.class, true).getReference();
        assertEquals(1, consumer.getServiceReferences(Resources.Shadowing.class.getName(), null).length);
        assertTrue(!hook.isHidden(reference));
    }

    /** A started bundle carrying the resource classes (its own copies) and importing the JAX-RS annotations. */
    private Bundle start(String symbolicName, String capability) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(Map.of(Constants.IMPORT_PACKAGE, "javax.ws.rs"));
        if (capability != null) {
            headers.put(Constants.PROVIDE_CAPABILITY, capability);
        }
        Bundle bundle = osgi.install(symbolicName, headers, List.of(Resources.class, Resources.Declared.class,
                Resources.Below.class, Resources.Shadowing.class, Resources.NoPath.class));
        bundle.start();
        return bundle;
    }

    /** Registers an instance of the bundle's own copy of the class as a JAX-RS resource. */
    private static ServiceRegistration<?> register(Bundle bundle, Class<?> type, boolean inRapport) throws Exception {
        Class<?> own = bundle.loadClass(type.getName());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.jaxrs.resource", Boolean.TRUE);
        if (inRapport) {
            properties.put("osgi.jaxrs.application.select", RapportApi.APPLICATION_SELECT);
        }
        return bundle.getBundleContext().registerService(own.getName(), own.getConstructor().newInstance(), properties);
    }
}

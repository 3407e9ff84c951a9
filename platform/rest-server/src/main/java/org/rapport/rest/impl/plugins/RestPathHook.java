package org.rapport.rest.impl.plugins;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.rapport.guard.PluginManifest;
import org.rapport.guard.PluginPolicy;
import org.rapport.guard.Registration;
import org.rapport.rest.RapportApi;

/**
 * Holds plugins' JAX-RS services to the REST paths their manifests declare. The JAX-RS whiteboard
 * is not Rapport's code, so it cannot ask {@link PluginPolicy} itself: this service hook hides a
 * plugin's undeclared resource from every bundle but the plugin's own, so the whiteboard never
 * sees it, and no path of Rapport's (or another plugin's) can be shadowed by it. A resource is
 * named by the path it serves: {@code /api/v1/<its @Path>} in Rapport's application, {@code /<its
 * @Path>} outside it (which no plugin may declare); a plugin's JAX-RS application is named by its
 * base; a plugin's JAX-RS extension (it would see every request and its credentials) is never
 * admitted. Bundles that are not plugins are not looked at.
 *
 * A hook sees the services registered after it; Rapport's features start it before any plugin,
 * which is installed into a running server. The verdict on a service is worked out when it is
 * first seen and again when its properties change: a resource moved out of what its plugin
 * declares is refused and reported then, and hidden from new lookups, but a hook cannot take back
 * what a consumer already holds (the whiteboard keeps it until the plugin stops).
 */
@Component(service = { FindHook.class, EventListenerHook.class, RestPathHook.class }, immediate = true)
public class RestPathHook implements FindHook, EventListenerHook {

    private static final List<String> PATH_ANNOTATIONS = List.of("javax.ws.rs.Path", "jakarta.ws.rs.Path");

    /** Whether each plugin JAX-RS service seen is hidden, by service id. */
    private final Map<Long, Boolean> hidden = new ConcurrentHashMap<>();
    private final PluginPolicy policy;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    @Activate
    public RestPathHook(BundleContext context) {
        this.policy = PluginPolicy.open("REST resources", context, event -> {
            EventAdmin admin = events;
            if (admin != null) {
                admin.postEvent(event);
            }
        });
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        Bundle asking = context.getBundle();
        references.removeIf(reference -> hiddenFrom(reference, asking));
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> reference = event.getServiceReference();
        Long id = (Long) reference.getProperty(Constants.SERVICE_ID);
        if (event.getType() == ServiceEvent.MODIFIED || event.getType() == ServiceEvent.MODIFIED_ENDMATCH) {
            // Judged again: new properties may move a resource to another application. A consumer that
            // had it keeps what it had, since the change is hidden from it if the resource now is.
            hidden.remove(id);
        }
        if (isHidden(reference)) {
            listeners.keySet().removeIf(context -> hiddenFrom(reference, context.getBundle()));
        }
        if (event.getType() == ServiceEvent.UNREGISTERING) {
            hidden.remove(id);
        }
    }

    /** Whether the service is a plugin's JAX-RS service that its manifest does not declare. */
    public boolean isHidden(ServiceReference<?> reference) {
        Object kind = jaxrsKind(reference);
        if (kind == null) {
            return false;
        }
        Long id = (Long) reference.getProperty(Constants.SERVICE_ID);
        Boolean known = hidden.get(id);
        if (known != null) {
            return known;
        }
        // Worked out outside the map: loading the resource's class may start a lazy bundle, whose
        // services come through this hook meanwhile.
        boolean refused = refused(reference);
        Boolean first = hidden.putIfAbsent(id, refused);
        return first != null ? first : refused;
    }

    private boolean hiddenFrom(ServiceReference<?> reference, Bundle asking) {
        Bundle owner = reference.getBundle();
        return asking != null && owner != null && asking.getBundleId() != 0 && asking.getBundleId() != owner.getBundleId()
                && isHidden(reference);
    }

    private boolean refused(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null || PluginManifest.of(bundle).isEmpty()) {
            return false;
        }
        return switch (jaxrsKind(reference)) {
            case "resource" -> !policy.admit(bundle, Registration.REST_PATH, resourcePath(reference, bundle));
            case "application" -> !policy.admit(bundle, Registration.REST_PATH,
                    String.valueOf(reference.getProperty("osgi.jaxrs.application.base")));
            default -> !policy.admit(bundle, Registration.REST_PATH,
                    "JAX-RS extension " + String.join(", ", classes(reference)) + " (it would see every request)");
        };
    }

    private static String jaxrsKind(ServiceReference<?> reference) {
        if (isTrue(reference.getProperty("osgi.jaxrs.resource"))) {
            return "resource";
        }
        if (isTrue(reference.getProperty("osgi.jaxrs.extension"))) {
            return "extension";
        }
        return reference.getProperty("osgi.jaxrs.application.base") != null ? "application" : null;
    }

    private static boolean isTrue(Object value) {
        return value != null && Boolean.parseBoolean(value.toString());
    }

    /** The path the resource serves, from the {@code @Path} of the class it is registered as. */
    static String resourcePath(ServiceReference<?> reference, Bundle bundle) {
        Object select = reference.getProperty("osgi.jaxrs.application.select");
        boolean rapport = select instanceof String[] filters ? List.of(filters).contains(RapportApi.APPLICATION_SELECT)
                : RapportApi.APPLICATION_SELECT.equals(select);
        String base = rapport ? RapportApi.BASE_PATH : "";
        List<String> candidates = new ArrayList<>(classes(reference));
        Object component = reference.getProperty("component.name");
        if (component != null) {
            candidates.add(component.toString());
        }
        for (String name : candidates) {
            String path = path(bundle, name);
            if (path != null) {
                return base + "/" + path.replaceAll("^/+|/+$", "");
            }
        }
        return base + "/(no @Path on " + String.join(", ", candidates) + ")";
    }

    private static String path(Bundle bundle, String className) {
        try {
            for (Annotation annotation : bundle.loadClass(className).getAnnotations()) {
                if (PATH_ANNOTATIONS.contains(annotation.annotationType().getName())) {
                    return String.valueOf(annotation.annotationType().getMethod("value").invoke(annotation));
                }
            }
        } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
            // Not a class of the bundle's: the next name may be.
        }
        return null;
    }

    private static List<String> classes(ServiceReference<?> reference) {
        Object classes = reference.getProperty(Constants.OBJECTCLASS);
        return classes instanceof String[] names ? List.of(names) : List.of(String.valueOf(classes));
    }
}

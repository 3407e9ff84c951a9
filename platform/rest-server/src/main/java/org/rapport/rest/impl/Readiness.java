package org.rapport.rest.impl;

import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.security.auth.Subject;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.rapport.guard.PluginManifest;
import org.rapport.rest.impl.plugins.RestPathHook;
import org.rapport.rest.impl.security.DatabaseUserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether every installed Rapport feature is served: its bundles active, their components
 * satisfied, their REST resources, extensions and applications served by the JAX-RS whiteboard (and
 * the Rapport application not in the middle of being rebuilt, {@link ApiServing}), and their shell
 * commands registered. A Rapport feature is {@code rapport} or {@code rapport-*}, or
 * one that installs a plugin (a bundle providing {@value #PLUGIN_NAMESPACE}). Until it is served, a
 * node answers requests with 404s and the shell says "Command not found": a load balancer must
 * not send it traffic ({@code GET /api/v1/health/ready}), and the shell waits for it.
 */
@Component(service = Readiness.class)
public class Readiness {

    static final String PLUGIN_NAMESPACE = PluginManifest.NAMESPACE;
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final BundleContext context;
    private final FeaturesService features;
    private final ServiceComponentRuntime components;
    private final RestPathHook restPaths;
    private final ApiServing api;
    private volatile boolean wasReady;
    /** The commands each bundle should have, by bundle id and last change: a bundle's classes are scanned once. */
    private final Map<Long, ExpectedCommands> expectedCommands = new ConcurrentHashMap<>();

    private record ExpectedCommands(long lastModified, Set<String> commands) {
    }

    private record Snapshot(long at, Map<String, List<String>> pending) {
    }

    private static final long FRESH_NANOS = 1_000_000_000L;
    private volatile Snapshot snapshot;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile JaxrsServiceRuntime jaxrs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SessionFactory shell;

    @Activate
    public Readiness(BundleContext context, @Reference FeaturesService features, @Reference ServiceComponentRuntime components,
            @Reference RestPathHook restPaths, @Reference ApiServing api) {
        this.context = context;
        this.api = api;
        this.restPaths = restPaths;
        this.features = features;
        this.components = components;
    }

    /**
     * What each Rapport feature still waits for, by feature name; empty when everything is served.
     * Worked out at most once a second, as load balancers and anyone may ask through HTTP.
     */
    public Map<String, List<String>> pending() {
        Snapshot last = snapshot;
        long now = System.nanoTime();
        if (last != null && now - last.at() < FRESH_NANOS) {
            return last.pending();
        }
        Map<String, List<String>> pending = Map.copyOf(look());
        snapshot = new Snapshot(now, pending);
        return pending;
    }

    private Map<String, List<String>> look() {
        Feature[] installed;
        try {
            installed = features.listInstalledFeatures();
        } catch (Exception e) {
            return Map.of("features", List.of("the installed features cannot be listed yet: " + e.getMessage()));
        }
        JaxrsServiceRuntime whiteboard = jaxrs;
        Set<Long> served = whiteboard == null ? Set.of() : ServedParts.jaxrsServices(whiteboard.getRuntimeDTO());
        SessionFactory sessions = shell;
        Set<String> commands = sessions == null ? Set.of() : registeredCommands(sessions);
        Map<String, List<String>> pending = new TreeMap<>();
        String ownFeature = null;
        for (Feature feature : installed) {
            List<Bundle> bundles = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (BundleInfo info : feature.getBundles()) {
                Bundle bundle = context.getBundle(info.getLocation());
                if (bundle == null) {
                    missing.add("bundle " + info.getLocation() + " is not installed");
                } else {
                    bundles.add(bundle);
                }
            }
            if (!isRapport(feature, bundles)) {
                continue;
            }
            if (bundles.stream().anyMatch(b -> b.getBundleId() == context.getBundle().getBundleId())) {
                ownFeature = feature.getName();
            }
            for (Bundle bundle : bundles) {
                missing.addAll(missing(bundle, served, commands));
            }
            if (!missing.isEmpty()) {
                pending.put(feature.getName(), missing);
            }
        }
        // Asked last, well after the whiteboard's description was read: the whiteboard lists a new
        // resource there just before it stops the application to rebuild it, so a description that
        // lists everything and a server started before that stop could otherwise both be seen.
        if (ownFeature != null && !api.serving()) {
            pending.computeIfAbsent(ownFeature, name -> new ArrayList<>())
                    .add("the REST application is being rebuilt by the JAX-RS whiteboard");
        }
        boolean ready = pending.isEmpty();
        if (ready != wasReady) {
            wasReady = ready;
            if (ready) {
                LOG.info("Every Rapport feature is served: ready");
            } else {
                LOG.info("Not ready: waiting for {}", pending);
            }
        }
        return pending;
    }

    /**
     * The commands registered in Karaf's shell. Its registry shows a command only to a subject
     * holding a role that the command's ACL names, and remembers per thread what it showed; so
     * this asks as someone holding every role a Rapport user can be given (nobody runs anything
     * as them), on a thread of its own that no shell session will ever use.
     */
    private static Set<String> registeredCommands(SessionFactory sessions) {
        Subject everyRole = new Subject();
        DatabaseUserService.everyGrantedRole().forEach(role -> everyRole.getPrincipals().add(new RolePrincipal(role)));
        FutureTask<Set<String>> listing = new FutureTask<>(() -> Subject.doAs(everyRole,
                (PrivilegedAction<Set<String>>) () -> sessions.getRegistry().getCommands().stream()
                        .map(c -> c.getScope() + ":" + c.getName()).collect(Collectors.toSet())));
        Thread thread = new Thread(listing, "rapport-readiness-commands");
        thread.setDaemon(true);
        thread.start();
        try {
            return listing.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Cannot list the shell's commands: {}", e.toString());
            return Set.of();
        }
    }

    public boolean ready() {
        return pending().isEmpty();
    }

    private static boolean isRapport(Feature feature, List<Bundle> bundles) {
        String name = feature.getName();
        return name.equals("rapport") || name.startsWith("rapport-") || bundles.stream().anyMatch(Readiness::isPlugin);
    }

    private static boolean isPlugin(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && !revision.getDeclaredCapabilities(PLUGIN_NAMESPACE).isEmpty();
    }

    /** What of {@code bundle} is not served: its state, components, JAX-RS services and commands. */
    private List<String> missing(Bundle bundle, Set<Long> served, Set<String> commands) {
        String name = bundle.getSymbolicName();
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        if (fragment) {
            return bundle.getState() == Bundle.RESOLVED ? List.of() : List.of("fragment " + name + " is not resolved");
        }
        if (bundle.getState() != Bundle.ACTIVE) {
            return List.of("bundle " + name + " is not active");
        }
        List<String> missing = new ArrayList<>();
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(bundle)) {
            if (components.isComponentEnabled(description)) {
                ServedParts.unsatisfied(description, components.getComponentConfigurationDTOs(description))
                        .ifPresent(missing::add);
            }
        }
        ServiceReference<?>[] services = bundle.getRegisteredServices();
        for (ServiceReference<?> service : services == null ? new ServiceReference<?>[0] : services) {
            String kind = ServedParts.jaxrsKind(service::getProperty);
            // A plugin's undeclared resource is refused, so never served: it is shown with the plugin.
            if (kind != null && !served.contains((Long) service.getProperty("service.id")) && !restPaths.isHidden(service)) {
                missing.add("REST " + kind + " " + describe(service) + " is not served");
            }
        }
        ExpectedCommands known = expectedCommands.get(bundle.getBundleId());
        if (known == null || known.lastModified() != bundle.getLastModified()) {
            known = new ExpectedCommands(bundle.getLastModified(), ServedParts.commands(bundle));
            expectedCommands.put(bundle.getBundleId(), known);
        }
        Set<String> expected = new HashSet<>(known.commands());
        expected.removeAll(commands);
        expected.stream().sorted().forEach(command -> missing.add("command " + command + " is not registered"));
        return missing;
    }

    private static String describe(ServiceReference<?> service) {
        Object name = service.getProperty("osgi.jaxrs.name");
        if (name != null) {
            return name.toString();
        }
        Object classes = service.getProperty("objectClass");
        return classes instanceof String[] names && names.length > 0 ? names[0] : String.valueOf(classes);
    }

    /** A line for people: ready, or what is waited for. */
    public static String describe(Map<String, List<String>> pending) {
        if (pending.isEmpty()) {
            return "ready";
        }
        return pending.entrySet().stream().map(e -> e.getKey() + " (" + String.join("; ", limit(e.getValue())) + ")")
                .collect(Collectors.joining(", ", "waiting for ", ""));
    }

    private static Collection<String> limit(List<String> items) {
        return items.size() <= 3 ? items : List.of(items.get(0), items.get(1), items.get(2), (items.size() - 3) + " more");
    }
}

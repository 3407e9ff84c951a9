package org.rapport.guard;

import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.event.Event;
import org.rapport.privacy.spi.AuditEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds plugins to their capability manifests: each plugin point asks {@link #admit} before it
 * takes what a bundle registered. A bundle without the capability {@value PluginManifest#NAMESPACE}
 * is not a plugin (Rapport's own bundles) and is admitted; a plugin is admitted only what its
 * manifest declares. A refusal is logged at WARN (logger {@code org.rapport.guard.policy}), sent
 * to the audit log as {@code plugin.refused} and kept, for as long as the bundle is not updated,
 * for {@code plugins:show} and {@code GET /api/v1/plugins/{name}} ({@link #refusals}). The
 * refusals are kept here, in the guard's bundle, because every plugin point shares it.
 */
public final class PluginPolicy {

    private static final Logger LOG = LoggerFactory.getLogger("org.rapport.guard.policy");

    /** Refusals by bundle id, each set for one revision of the bundle (its last modification). */
    private static final Map<Long, Refused> REFUSED = new ConcurrentHashMap<>();

    private final String consumer;
    private final BundleContext context;
    private final Consumer<Event> events;
    private final Clock clock;

    private PluginPolicy(String consumer, BundleContext context, Consumer<Event> events, Clock clock) {
        this.consumer = consumer;
        this.context = context;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param consumer the plugin point, for the log ({@code Message channels})
     * @param context  the consumer's bundle context, to find the bundle that registered a service;
     *                 null outside a framework (tests), where every service is admitted
     * @param events   where the audit events go, typically {@code EventAdmin::postEvent}
     */
    public static PluginPolicy open(String consumer, BundleContext context, Consumer<Event> events) {
        return new PluginPolicy(consumer, context, events, Clock.systemUTC());
    }

    /** Whether the service with these properties may be taken as that registration. */
    public boolean admit(Map<String, ?> serviceProperties, Registration kind, String name) {
        Object id = serviceProperties.get(Constants.SERVICE_BUNDLEID);
        Bundle bundle = id instanceof Long bundleId && context != null ? context.getBundle(bundleId) : null;
        // A service whose bundle is gone (or a consumer outside a framework) has nothing to hold it to.
        return bundle == null || admit(bundle, kind, name);
    }

    /** Whether the bundle may register that; if not, the refusal is reported. */
    public boolean admit(Bundle bundle, Registration kind, String name) {
        Optional<PluginManifest> manifest = PluginManifest.of(bundle);
        Optional<String> reason = manifest.flatMap(m -> m.refusal(kind, name));
        if (reason.isEmpty()) {
            return true;
        }
        Refusal refusal = new Refusal(kind, name, reason.get(), clock.instant());
        if (record(bundle, refusal)) {
            String plugin = manifest.get().name();
            LOG.warn("{}: plugin {} (bundle {} {}) registered {} '{}', which its manifest does not declare: {}. "
                    + "It is ignored.", consumer, plugin, bundle.getBundleId(), bundle.getSymbolicName(), kind.word(),
                    name, reason.get());
            events.accept(new Event(AuditEvents.TOPIC, Map.of(AuditEvents.ACTOR, "system", AuditEvents.ACTION,
                    "plugin.refused", AuditEvents.SUBJECT, "plugin " + plugin, AuditEvents.AFTER,
                    "bundle " + bundle.getSymbolicName() + ": " + refusal)));
        }
        return false;
    }

    /** Whether the refusal is new for this revision of the bundle. */
    private static boolean record(Bundle bundle, Refusal refusal) {
        long revision = bundle.getLastModified();
        Refused refused = REFUSED.compute(bundle.getBundleId(),
                (id, before) -> before != null && before.revision == revision ? before : new Refused(revision));
        return refused.add(refusal);
    }

    /** What the plugin points refused of this bundle since it was last installed or updated, oldest first. */
    public static List<Refusal> refusals(Bundle bundle) {
        Refused refused = REFUSED.get(bundle.getBundleId());
        return refused == null || refused.revision != bundle.getLastModified() ? List.of() : refused.list();
    }

    /** Forgets the refusals of an uninstalled bundle. */
    public static void forget(long bundleId) {
        REFUSED.remove(bundleId);
    }

    /** The refusals of one revision of a bundle, one per kind and name. */
    private static final class Refused {
        final long revision;
        private final Map<String, Refusal> byName = new LinkedHashMap<>();

        Refused(long revision) {
            this.revision = revision;
        }

        synchronized boolean add(Refusal refusal) {
            return byName.putIfAbsent(refusal.kind().word() + " " + refusal.name(), refusal) == null;
        }

        synchronized List<Refusal> list() {
            return byName.values().stream().sorted(Comparator.comparing(Refusal::at)).toList();
        }
    }
}

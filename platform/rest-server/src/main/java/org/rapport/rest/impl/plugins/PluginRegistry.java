package org.rapport.rest.impl.plugins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins installed in this server and what each declares it needs. A plugin is a bundle
 * that provides the capability {@value #NAMESPACE} in its manifest, the OSGi way, so the
 * framework parses it:
 *
 * <pre>
 * Provide-Capability: org.rapport.plugin; org.rapport.plugin="referrals"; version:Version="1.0";
 *   description="Referral programme"; personal-data="read";
 *   channels:List&lt;String&gt;="sms"; rule-packages:List&lt;String&gt;="referral";
 *   rest-paths:List&lt;String&gt;="/referrals"
 * </pre>
 *
 * A plugin is seen, and its needs logged for the administrator, as soon as it is installed,
 * before it starts; it is forgotten when uninstalled.
 */
@Component(service = PluginRegistry.class, immediate = true)
public class PluginRegistry {

    /** The capability namespace a plugin provides. */
    public static final String NAMESPACE = "org.rapport.plugin";

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final int ANY = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;

    private final Map<Long, Plugin> plugins = new ConcurrentHashMap<>();
    private final BundleTracker<Plugin> tracker;

    @Activate
    public PluginRegistry(BundleContext context) {
        tracker = new BundleTracker<>(context, ANY, null) {
            @Override
            public Plugin addingBundle(Bundle bundle, BundleEvent event) {
                Plugin plugin = manifest(bundle).orElse(null);
                if (plugin != null) {
                    plugins.put(bundle.getBundleId(), plugin);
                    LOG.info("Plugin {} installed (bundle {} {}); it declares it needs: {}", plugin.name(),
                            bundle.getBundleId(), bundle.getSymbolicName(), plugin.needs());
                }
                return plugin;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Plugin plugin) {
                plugins.remove(bundle.getBundleId());
                LOG.info("Plugin {} uninstalled (bundle {})", plugin.name(), bundle.getBundleId());
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    /** The plugin a bundle's manifest declares, if it declares one. */
    static Optional<Plugin> manifest(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return Optional.empty();
        }
        for (BundleCapability capability : revision.getDeclaredCapabilities(NAMESPACE)) {
            return Optional.of(declared(capability.getAttributes(), bundle.getBundleId(), bundle.getSymbolicName()));
        }
        return Optional.empty();
    }

    /** The plugin that the attributes of a {@value #NAMESPACE} capability declare, for a bundle installed or not. */
    static Plugin declared(Map<String, Object> a, long bundleId, String symbolicName) {
        return new Plugin(text(a.get(NAMESPACE)), text(a.get("version")), text(a.get("description")),
                bundleId, symbolicName, text(a.get("personal-data")), list(a.get("channels")),
                list(a.get("rule-packages")), list(a.get("rest-paths")));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(Object::toString).toList();
        }
        return List.of(value.toString());
    }

    /** Every installed plugin with its bundle's state now, by name. */
    public List<Plugin> list() {
        List<Plugin> all = new ArrayList<>(plugins.values());
        all.sort(Comparator.comparing(Plugin::name).thenComparing(Plugin::bundleId));
        return all;
    }

    /** The installed plugin of that name. */
    public Optional<Plugin> find(String name) {
        return plugins.values().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}

package org.rapport.rest.impl.plugins;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.rapport.guard.PluginManifest;
import org.rapport.guard.PluginPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins installed in this server and what each declares it needs. A plugin is a bundle
 * that provides the capability {@value PluginManifest#NAMESPACE} in its manifest, the OSGi way, so
 * the framework parses it ({@link PluginManifest}).
 *
 * A plugin is seen, and its needs logged for the administrator, as soon as it is installed,
 * before it starts; it is forgotten, with what was refused of it, when uninstalled. What the plugin
 * points refused of it ({@link PluginPolicy}) is shown with it.
 */
@Component(service = PluginRegistry.class, immediate = true)
public class PluginRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final int ANY = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;

    private final BundleTracker<PluginManifest> tracker;

    @Activate
    public PluginRegistry(BundleContext context) {
        tracker = new BundleTracker<>(context, ANY, null) {
            @Override
            public PluginManifest addingBundle(Bundle bundle, BundleEvent event) {
                PluginManifest plugin = PluginManifest.of(bundle).orElse(null);
                if (plugin != null) {
                    LOG.info("Plugin {} installed (bundle {} {}); it declares it needs: {}", plugin.name(),
                            bundle.getBundleId(), bundle.getSymbolicName(), view(bundle, plugin).needs());
                }
                return plugin;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, PluginManifest plugin) {
                PluginPolicy.forget(bundle.getBundleId());
                LOG.info("Plugin {} uninstalled (bundle {})", plugin.name(), bundle.getBundleId());
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    private static Plugin view(Bundle bundle, PluginManifest plugin) {
        return Plugin.of(plugin, bundle.getBundleId(), bundle.getSymbolicName(), PluginPolicy.refusals(bundle));
    }

    /** The plugin that the attributes of a {@value PluginManifest#NAMESPACE} capability declare, for a bundle installed or not. */
    static Plugin declared(Map<String, Object> attributes, long bundleId, String symbolicName) {
        return Plugin.of(PluginManifest.of(attributes), bundleId, symbolicName, List.of());
    }

    /** Every installed plugin, with what was refused of it, by name. */
    public List<Plugin> list() {
        List<Plugin> all = new ArrayList<>();
        // Read again: an update may have changed what the bundle declares.
        tracker.getTracked().keySet().forEach(bundle -> PluginManifest.of(bundle).ifPresent(p -> all.add(view(bundle, p))));
        all.sort(Comparator.comparing(Plugin::name).thenComparing(Plugin::bundleId));
        return all;
    }

    /** The installed plugin of that name. */
    public Optional<Plugin> find(String name) {
        return list().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}

package org.rapport.rest.impl.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.rapport.rest.impl.plugins.KarArchive.ApiImport;

/**
 * Which versions of Rapport's API packages ({@code org.rapport.*}) this server exports, so that a
 * plugin's imports are checked before it is installed: an import is satisfied when a resolved
 * bundle exports its package at a version in its range.
 */
final class ApiVersions {

    /**
     * A Rapport API package a bundle imports: the range it needs, the versions exported here,
     * and whether one of them is in the range ({@code optional} imports may stay unsatisfied).
     */
    record Need(String packageName, String range, boolean optional, List<String> exported, boolean satisfied) {
    }

    private final Supplier<Map<String, List<Version>>> exports;

    ApiVersions(BundleContext context) {
        this(() -> exported(context));
    }

    ApiVersions(Supplier<Map<String, List<Version>>> exports) {
        this.exports = exports;
    }

    /** Each import checked against what is exported now. */
    List<Need> check(List<ApiImport> imports) {
        Map<String, List<Version>> exported = exports.get();
        return imports.stream().map(i -> need(i, exported)).toList();
    }

    static Need need(ApiImport imported, Map<String, List<Version>> exported) {
        VersionRange range;
        try {
            range = new VersionRange(imported.range());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the import of " + imported.packageName() + " has an invalid version range '"
                    + imported.range() + "'");
        }
        List<Version> versions = exported.getOrDefault(imported.packageName(), List.of());
        return new Need(imported.packageName(), imported.range(), imported.optional(),
                versions.stream().map(Version::toString).toList(), versions.stream().anyMatch(range::includes));
    }

    /** The org.rapport packages resolved bundles export, with their versions. */
    private static Map<String, List<Version>> exported(BundleContext context) {
        Map<String, List<Version>> exported = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision == null || (bundle.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) == 0) {
                continue;
            }
            for (BundleCapability export : revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                Object name = export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                Object version = export.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
                if (name instanceof String pkg && pkg.startsWith("org.rapport.") && version instanceof Version v) {
                    exported.computeIfAbsent(pkg, p -> new ArrayList<>()).add(v);
                }
            }
        }
        return exported;
    }
}

package org.rapport.rest.impl.plugins;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.rapport.rest.impl.Operations.Operation;
import org.rapport.rest.impl.plugins.KarArchive.Contents;

/**
 * A KAR an administrator uploaded, and what it would install: its features, and each bundle
 * with the plugin it declares and the Rapport API versions it needs (the packages the KAR's own
 * bundles export are not needs).
 *
 * @param name the KAR's name once installed
 * @param state {@code pending} (staged, waiting for a decision), then the approval's state
 *        ({@code queued}, {@code installing}, {@code installed}, {@code failed}), or {@code rejected}
 * @param unsatisfied the API packages, required and not exported here at a version in range,
 *        each as {@code bundle: package range (exported: versions)}; approving is refused while any
 * @param operation the approval's progress and result, or null before it
 */
public record Upload(String id, String name, String state, String uploadedBy, Instant uploadedAt, long bytes, String sha256,
        List<String> features, List<UploadedBundle> bundles, List<String> unsatisfied, Operation operation) {

    /** A bundle of the KAR: the plugin it declares (or null) and the API versions it needs. */
    public record UploadedBundle(String symbolicName, String version, Plugin declares, List<ApiVersions.Need> apiVersions) {
    }

    static Upload staged(String id, String name, String actor, long bytes, String sha256, Contents contents,
            ApiVersions versions) {
        List<UploadedBundle> bundles = new ArrayList<>();
        List<String> unsatisfied = new ArrayList<>();
        Set<String> brought = contents.bundles().stream().flatMap(b -> b.exports().stream()).collect(Collectors.toSet());
        for (KarArchive.KarBundle bundle : contents.bundles()) {
            List<ApiVersions.Need> needs;
            try {
                needs = versions.check(bundle.imports().stream().filter(i -> !brought.contains(i.packageName())).toList());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the manifest of " + bundle.entry() + ": " + e.getMessage(), e);
            }
            bundles.add(new UploadedBundle(bundle.symbolicName(), bundle.version(), bundle.plugin(), needs));
            needs.stream().filter(n -> !n.satisfied() && !n.optional())
                    .forEach(n -> unsatisfied.add(bundle.symbolicName() + ": " + n.packageName() + " " + n.range()
                            + " (exported: " + (n.exported().isEmpty() ? "none" : String.join(", ", n.exported())) + ")"));
        }
        return new Upload(id, name, PluginUploads.PENDING, actor, Instant.now(), bytes, sha256, contents.features(),
                List.copyOf(bundles), List.copyOf(unsatisfied), null);
    }

    Upload withOperation(Operation operation) {
        return new Upload(id, name, operation.state(), uploadedBy, uploadedAt, bytes, sha256, features, bundles, unsatisfied,
                operation);
    }

    Upload withState(String state) {
        return new Upload(id, name, state, uploadedBy, uploadedAt, bytes, sha256, features, bundles, unsatisfied, operation);
    }

    /** What the KAR holds and declares, in one line, for the audit log. */
    String summary() {
        List<String> parts = new ArrayList<>();
        parts.add("KAR " + name + " (" + bytes + " bytes, SHA-256 " + sha256 + ") with features " + features);
        for (UploadedBundle bundle : bundles) {
            if (bundle.declares() != null) {
                parts.add("plugin " + bundle.declares().name() + " " + bundle.declares().version() + " needs "
                        + bundle.declares().needs());
            }
        }
        if (!unsatisfied.isEmpty()) {
            parts.add("API versions not exported here: " + unsatisfied);
        }
        return String.join("; ", parts);
    }
}

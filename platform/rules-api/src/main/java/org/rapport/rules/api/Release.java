package org.rapport.rules.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An accepted version of a rule package.
 *
 * @param version counts up per package from 1
 * @param hash SHA-256 over the file names and contents, hex encoded
 * @param origin where the files came from: a hot folder, a file deployed from the shell, the REST API,
 *     a bundle's rule pack, a rollback
 * @param author who made the change: the shell or REST user, the owner of the hot folder's newest
 *     file, or the bundle that carries the rule pack
 * @param files the file names, sorted
 * @param notes the warnings of the gate's static checks when it accepted this release
 *     ({@link RuleFinding#toString()}: {@code tiers.drl:14: warning: conflict: ...}); empty when it had none
 */
public record Release(String rulePackage, long version, String hash, Instant activatedAt, String origin,
        String author, List<String> files, int ruleCount, List<String> notes) {

    /** How the origin of a release carried by a bundle begins: {@code bundle <symbolic name>/<version>}. */
    public static final String BUNDLE_ORIGIN = "bundle ";

    public Release {
        Objects.requireNonNull(rulePackage, "rulePackage");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(author, "author");
        files = List.copyOf(files);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A release without notes. */
    public Release(String rulePackage, long version, String hash, Instant activatedAt, String origin, String author,
            List<String> files, int ruleCount) {
        this(rulePackage, version, hash, activatedAt, origin, author, files, ruleCount, List.of());
    }

    /**
     * Whether a bundle carried this release's files. Such a release lives as long as its bundle:
     * it is not brought back at start until the bundle offers it again.
     */
    public boolean fromBundle() {
        return origin.startsWith(BUNDLE_ORIGIN);
    }

    @Override
    public String toString() {
        return rulePackage + " v" + version + " (" + hash.substring(0, Math.min(12, hash.length())) + ")";
    }
}

package org.rapport.rules.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An accepted version of a rule package.
 *
 * @param version counts up per package from 1
 * @param hash SHA-256 over the file names and contents, hex encoded
 * @param origin where the files came from (a folder, a bundle, a user)
 * @param files the file names, sorted
 */
public record Release(String rulePackage, long version, String hash, Instant activatedAt, String origin,
        List<String> files, int ruleCount) {

    public Release {
        Objects.requireNonNull(rulePackage, "rulePackage");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(origin, "origin");
        files = List.copyOf(files);
    }

    @Override
    public String toString() {
        return rulePackage + " v" + version + " (" + hash.substring(0, Math.min(12, hash.length())) + ")";
    }
}

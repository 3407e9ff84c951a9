package org.rapport.rules.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;

/**
 * Where accepted releases are kept, with their files, so that history survives restarts; and the
 * shadows running beside them, so that a shadow survives a restart and runs on every node.
 */
interface ReleaseStore {

    /**
     * Records an accepted release; the engine activates it only once this returned.
     *
     * @throws VersionTaken when the package already has a release of that version: another node
     *                      sharing the database accepted one first
     */
    void save(Release release, Map<String, String> files, List<RuleCoverage> coverage);

    /** What one release's scenarios fired, as the gate recorded it; empty for a release stored before coverage was. */
    Optional<List<RuleCoverage>> coverage(String rulePackage, long version);

    /** Every release of a package, newest first. */
    List<Release> history(String rulePackage);

    /** One release's files, by name. */
    Optional<Map<String, String>> files(String rulePackage, long version);

    /** Whether the package has a release of these files (by their hash): files accepted before. */
    boolean accepted(String rulePackage, String hash);

    /** The newest release of every package. */
    List<Release> latest();

    /** The newest release of one package. */
    Optional<Release> latest(String rulePackage);

    /** The newest release's version of every package: a cheap question to ask every second. */
    Map<String, Long> latestVersions();

    /** Records the shadow of a package, replacing the one it had. */
    void saveShadow(StoredShadow shadow);

    /** Forgets the shadow of a package, if it has one. */
    void deleteShadow(String rulePackage);

    /** Which shadow each package that has one has, without their files. */
    List<StoredShadow.Mark> shadows();

    /** The shadow of a package, with its files, if it has one. */
    Optional<StoredShadow> shadow(String rulePackage);

    /** Records what one engine counted of a package's shadow, replacing what it recorded before. */
    void saveShadowCounts(String rulePackage, ShadowCounts counts);

    /** What every engine recorded of a package's shadow (forgotten with the shadow). */
    List<ShadowCounts> shadowCounts(String rulePackage);

    /** Another release of the package has the version a new one was to be saved with. */
    final class VersionTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VersionTaken(Release release, Throwable cause) {
            super("rule package '" + release.rulePackage() + "' has a release v" + release.version() + " already", cause);
        }
    }
}

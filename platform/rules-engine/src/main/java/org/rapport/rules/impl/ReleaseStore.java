package org.rapport.rules.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rapport.rules.api.Release;

/** Where accepted releases are kept, with their files, so that history survives restarts. */
interface ReleaseStore {

    /** Records an accepted release; the engine activates it only once this returned. */
    void save(Release release, Map<String, String> files);

    /** Every release of a package, newest first. */
    List<Release> history(String rulePackage);

    /** One release's files, by name. */
    Optional<Map<String, String>> files(String rulePackage, long version);

    /** The newest release of every package. */
    List<Release> latest();
}

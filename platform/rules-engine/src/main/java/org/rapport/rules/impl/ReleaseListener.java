package org.rapport.rules.impl;

import java.util.Map;

import org.rapport.rules.api.Release;

/** Told of every release an engine activates, whatever its origin, when the engine runs outside the server. */
interface ReleaseListener {

    /** @param fromAnotherNode whether another node sharing the database accepted the release */
    void activated(Release release, Map<String, String> files, boolean fromAnotherNode);
}

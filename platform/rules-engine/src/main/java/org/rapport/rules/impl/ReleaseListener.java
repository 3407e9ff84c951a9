package org.rapport.rules.impl;

import java.util.Map;

import org.rapport.rules.api.Release;

/** Told of every release an engine activates, whatever its origin, when the engine runs outside the server. */
interface ReleaseListener {

    void activated(Release release, Map<String, String> files);
}

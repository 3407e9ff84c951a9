package org.rapport.rules.impl;

import java.util.Map;

import org.rapport.rules.api.Release;

/** Told of every release the engine activates, whatever its origin. */
interface ReleaseListener {

    void activated(Release release, Map<String, String> files);
}

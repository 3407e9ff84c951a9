/**
 * Shell completers for what segments owns, for a command in any bundle to name in
 * {@code @Completion}: segment names.
 */
@Export
@Version("1.0.0")
package org.rapport.segments.api.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

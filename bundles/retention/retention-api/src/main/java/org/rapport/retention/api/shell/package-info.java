/**
 * Shell completers for what customer retention owns, for a command in any bundle to name in
 * {@code @Completion}: sweeps.
 */
@Export
@Version("1.0.0")
package org.rapport.retention.api.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

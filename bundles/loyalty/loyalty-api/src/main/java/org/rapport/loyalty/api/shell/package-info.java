/**
 * Shell completers for what loyalty owns, for a command in any bundle to name in
 * {@code @Completion}: tier re-evaluation jobs.
 */
@Export
@Version("1.0.0")
package org.rapport.loyalty.api.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

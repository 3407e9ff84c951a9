/**
 * Shell completers for what communication owns, for a command in any bundle to name in
 * {@code @Completion}: message templates and message channels.
 */
@Export
@Version("1.0.0")
package org.rapport.communication.api.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

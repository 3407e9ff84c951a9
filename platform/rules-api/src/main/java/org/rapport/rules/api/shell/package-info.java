/**
 * Shell completers for what the rules engine owns, for a command in any bundle to name in
 * {@code @Completion}: rule packages and their releases.
 */
@Export
@Version("1.0.0")
package org.rapport.rules.api.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

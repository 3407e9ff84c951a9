/**
 * Shell completers for what privacy owns, for a command in any bundle to name in
 * {@code @Completion}: consent purposes.
 */
@Export
@Version("1.0.0")
package org.rapport.privacy.api.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Shell completers for what contacts owns, for a command in any bundle to name in
 * {@code @Completion}: contact ids and interaction channels.
 */
@Export
@Version("1.0.0")
package org.rapport.contacts.api.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

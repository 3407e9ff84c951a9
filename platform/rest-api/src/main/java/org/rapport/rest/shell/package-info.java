/**
 * Shell completion every bundle can use: a base for completers that offer only what the session's
 * user may see, a bounded number at a time, and the completer of user names.
 */
@Export
@Version("1.0.0")
package org.rapport.rest.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

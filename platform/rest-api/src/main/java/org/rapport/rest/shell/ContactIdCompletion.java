package org.rapport.rest.shell;

import org.apache.karaf.shell.api.console.Completer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The completion of a contact id, for a platform command, which may not import a capability's API
 * (such as {@code rules:why}, whose subject is mostly a contact id). Karaf looks the completer
 * named in {@code @Completion} up in its registry by type, so naming this interface finds the
 * contacts capability's completer, which implements it, when contacts is installed, and completes
 * nothing otherwise.
 */
@ConsumerType
public interface ContactIdCompletion extends Completer {
}

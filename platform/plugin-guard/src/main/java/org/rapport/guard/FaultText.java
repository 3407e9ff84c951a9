package org.rapport.guard;

import java.time.Duration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Words a fault as the plugin point's users read it: the last fault an administrator sees, the
 * reason a caller stores. Each plugin point keeps its own wording, which its tests and users know.
 */
@ConsumerType
@FunctionalInterface
public interface FaultText {

    /**
     * @param fault  {@link PluginFault.Kind#FAILED}, {@link PluginFault.Kind#TIMED_OUT} or {@link PluginFault.Kind#INTERRUPTED}
     * @param plugin the plugin's name
     * @param call   what the call was, as its caller named it (for example {@code "with interaction 7"})
     * @param budget the time the plugin had
     * @param cause  what the plugin threw, or null
     */
    String describe(PluginFault.Kind fault, String plugin, String call, Duration budget, Throwable cause);
}

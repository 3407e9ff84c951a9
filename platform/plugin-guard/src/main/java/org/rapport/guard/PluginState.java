package org.rapport.guard;

import java.time.Instant;

/**
 * What a guard knows of one plugin, for a shell command or a REST view.
 *
 * @param kind         the plugin point, as in {@link GuardPolicy#kind()}
 * @param name         the plugin's name
 * @param answered     calls it answered within its budget
 * @param faultsInARow faults since its last answer (or since it was resumed)
 * @param lastFault    the last fault's text, or null
 * @param suspendedAt  when it was suspended, or null if it is not
 */
public record PluginState(String kind, String name, long answered, int faultsInARow, String lastFault,
        Instant suspendedAt) {

    public boolean suspended() {
        return suspendedAt != null;
    }
}

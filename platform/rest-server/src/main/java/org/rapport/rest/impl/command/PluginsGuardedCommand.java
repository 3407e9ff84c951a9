package org.rapport.rest.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.guard.PluginGuards;
import org.rapport.guard.PluginState;

/**
 * {@code plugins:guarded}: every plugin the platform's guard calls, of every plugin point
 * (interaction listeners, message channels, erasure participants...), with its calls answered,
 * its faults in a row and whether it is suspended.
 */
@Service
@Command(scope = "plugins", name = "guarded", description = "Lists every plugin called through the platform's guard "
        + "(listeners, channels, erasure participants...): calls, faults, suspended or not")
public class PluginsGuardedCommand implements Action {

    @Override
    public Object execute() {
        System.out.printf("%-12s %-30s %10s %7s  %s%n", "KIND", "PLUGIN", "ANSWERED", "FAULTS", "STATE");
        for (PluginState p : PluginGuards.states()) {
            System.out.printf("%-12s %-30s %,10d %7d  %s%n", p.kind(), p.name(), p.answered(), p.faultsInARow(),
                    p.suspended() ? "SUSPENDED since " + p.suspendedAt() + " (" + p.lastFault() + "): plugins:resume "
                            + p.kind() + " " + p.name()
                            : p.lastFault() == null ? "calling" : "calling; last fault: " + p.lastFault());
        }
        return null;
    }
}

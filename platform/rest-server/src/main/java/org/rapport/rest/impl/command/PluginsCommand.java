package org.rapport.rest.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.impl.plugins.Plugin;
import org.rapport.rest.impl.plugins.PluginRegistry;

/** {@code plugins:list}: the installed plugins and what each declares it needs. */
@Service
@Command(scope = "plugins", name = "list", description = "Lists the installed plugins and what each declares it needs")
public class PluginsCommand implements Action {

    @Reference
    PluginRegistry plugins;

    @Override
    public Object execute() {
        System.out.printf("%-20s  %-10s  %-7s  %s%n", "Plugin", "Version", "Bundle", "Needs");
        for (Plugin p : plugins.list()) {
            System.out.printf("%-20s  %-10s  %-7d  %s%n", p.name(), p.version(), p.bundleId(), p.needs());
        }
        return null;
    }
}

package org.rapport.rest.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.impl.plugins.Plugin;
import org.rapport.rest.impl.plugins.PluginRegistry;

/** {@code plugins:show <name>}: one installed plugin, what it declares it needs, and what was refused of it. */
@Service
@Command(scope = "plugins", name = "show", description = "Shows one installed plugin and what it declares it needs")
public class PluginsShowCommand implements Action {

    @Reference
    PluginRegistry plugins;

    @Argument(index = 0, name = "name", description = "The plugin's name, as plugins:list shows it", required = true)
    String name;

    @Override
    public Object execute() {
        Plugin p = plugins.find(name).orElseThrow(() -> new IllegalArgumentException("no plugin named '" + name + "'"));
        System.out.println("Plugin:        " + p.name() + " " + p.version());
        System.out.println("Description:   " + (p.description() == null ? "" : p.description()));
        System.out.println("Bundle:        " + p.bundleId() + " " + p.symbolicName());
        System.out.println("Personal data: " + (p.personalData() == null ? "none" : p.personalData()));
        System.out.println("Channels:      " + String.join(", ", p.channels()));
        System.out.println("Rule packages: " + String.join(", ", p.rulePackages()));
        System.out.println("REST paths:    " + String.join(", ", p.restPaths()));
        System.out.println("Offer sources: " + String.join(", ", p.offerSources()));
        System.out.println("Refused:       " + (p.refused().isEmpty() ? "nothing" : p.refused().size()
                + " registration(s) its manifest does not declare, ignored"));
        p.refused().forEach(r -> System.out.println("  " + r.at() + "  " + r));
        return null;
    }
}

package org.rapport.rest.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.guard.PluginGuards;
import org.rapport.rest.security.ShellUser;

/** {@code plugins:resume <kind> <name>}: lets a plugin suspended after faults be called again. */
@Service
@Command(scope = "plugins", name = "resume", description = "Lets a plugin the guard suspended after faults (a listener, "
        + "a channel...) be called again, as plugins:guarded names it")
public class PluginsResumeCommand implements Action {

    @Argument(index = 0, name = "kind", description = "The plugin point: listener, channel, participant...", required = true)
    @Completion(GuardedKindCompleter.class)
    String kind;

    @Argument(index = 1, name = "name", description = "The plugin's name, as plugins:guarded shows it", required = true)
    @Completion(GuardedPluginCompleter.class)
    String name;

    @Override
    public Object execute() {
        if (!PluginGuards.resume(kind, name, ShellUser.name())) {
            throw new IllegalArgumentException(kind + " '" + name + "' is not suspended");
        }
        System.out.println(kind + " '" + name + "' resumed: it is called again");
        return null;
    }
}

package ${package}.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import ${package}.PluginListener;

/** {@code ${pluginName}:status} */
@Service
@Command(scope = "${pluginName}", name = "status", description = "What the ${pluginName} plugin has done since it started")
public class StatusCommand implements Action {

    @Reference
    PluginListener listener;

    @Override
    public Object execute() {
        PluginListener.Status status = listener.status();
        System.out.println(status.interactions() + " interaction(s) judged, " + status.notes() + " note(s) made.");
        return null;
    }
}

package org.rapport.communication.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.communication.impl.InboundServiceImpl;
import org.rapport.guard.PluginState;
import org.rapport.rest.security.ShellUser;

/** {@code inbound:listeners [--resume <name>]}: the inbound listeners, their faults, and resuming a suspended one. */
@Service
@Command(scope = "inbound", name = "listeners", description = "Lists the inbound listeners (a service desk, plugins) "
        + "with their faults and whether they are suspended; --resume lets a suspended one hear of messages again")
public class InboundListenersCommand implements Action {

    @Option(name = "--resume", description = "The name of a suspended listener to resume")
    String resume;

    @Reference
    InboundServiceImpl inbound;

    @Override
    public Object execute() {
        if (resume != null) {
            if (!inbound.resumeListener(resume, ShellUser.name())) {
                throw new IllegalArgumentException("no suspended listener named '" + resume + "'");
            }
            System.out.println("Listener '" + resume + "' resumed.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Listener");
        table.column("Delivered").alignRight();
        table.column("Faults in a row").alignRight();
        table.column("Suspended since");
        table.column("Last fault");
        for (PluginState s : inbound.listeners()) {
            table.addRow().addContent(s.name(), s.answered(), s.faultsInARow(),
                    s.suspendedAt() == null ? "" : s.suspendedAt().toString(), s.lastFault() == null ? "" : s.lastFault());
        }
        table.print(System.out);
        return null;
    }
}

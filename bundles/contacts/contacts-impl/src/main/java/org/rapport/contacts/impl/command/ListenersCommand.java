package org.rapport.contacts.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.impl.InteractionListeners;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.rest.security.ShellUser;

/** {@code contacts:listeners [--resume <name>]}: plugins' interaction listeners, their faults, and resuming a suspended one. */
@Service
@Command(scope = "contacts", name = "listeners", description = "Lists the plugins' interaction listeners with their "
        + "faults and whether they are suspended; --resume lets a suspended one hear of interactions again")
public class ListenersCommand implements Action {

    @Option(name = "--resume", description = "The name of a suspended listener to resume")
    String resume;

    @Reference
    InteractionService interactions;

    @Override
    public Object execute() {
        InteractionServiceImpl impl = (InteractionServiceImpl) interactions;
        if (resume != null) {
            if (!impl.resumeListener(resume, ShellUser.name())) {
                throw new IllegalArgumentException("no suspended listener named '" + resume + "'");
            }
            System.out.println("Listener '" + resume + "' resumed.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Listener");
        table.column("Delivered");
        table.column("Faults in a row");
        table.column("Suspended since");
        table.column("Last fault");
        for (InteractionListeners.Status s : impl.listeners()) {
            table.addRow().addContent(s.name(), s.delivered(), s.faultsInARow(),
                    s.suspendedAt() == null ? "" : s.suspendedAt().toString(), s.lastFault() == null ? "" : s.lastFault());
        }
        table.print(System.out);
        return null;
    }
}

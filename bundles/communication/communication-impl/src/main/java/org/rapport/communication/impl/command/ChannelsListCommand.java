package org.rapport.communication.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.communication.api.ChannelInfo;
import org.rapport.communication.api.MessageService;

/** {@code channels:list}: every message channel, registered or awaited by messages, with its counts. */
@Service
@Command(scope = "channels", name = "list", description = "Lists the message channels and what they sent")
public class ChannelsListCommand implements Action {

    @Reference
    MessageService messages;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Channel");
        table.column("Reaches by");
        table.column("State");
        table.column("Pending").alignRight();
        table.column("Sent").alignRight();
        table.column("Failed").alignRight();
        for (ChannelInfo c : messages.channels()) {
            table.addRow().addContent(c.name(), c.medium() == null ? "" : c.medium().label(),
                    state(c), c.pending(), c.sent(), c.failed());
        }
        table.print(System.out);
        return null;
    }

    private static String state(ChannelInfo c) {
        String state = c.registered() ? "registered" : "not registered";
        if (c.suspended()) {
            return state + ", SUSPENDED after " + c.faults() + " faults (" + c.lastFault() + "): plugins:resume channel " + c.name();
        }
        return c.faults() > 0 ? state + ", " + c.faults() + " fault(s) in a row" : state;
    }
}

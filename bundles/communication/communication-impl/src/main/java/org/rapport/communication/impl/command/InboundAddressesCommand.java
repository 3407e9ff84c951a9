package org.rapport.communication.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.communication.api.AddressState;
import org.rapport.communication.api.InboundService;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;

/** {@code inbound:addresses [--all] [--clear <address>]}: addresses bounces marked undeliverable, and clearing a mark. */
@Service
@Command(scope = "inbound", name = "addresses", description = "Lists the addresses a hard bounce marked undeliverable "
        + "(--all: every address that bounced, with its counts); --clear lets messages go to one again")
public class InboundAddressesCommand implements Action {

    @Option(name = "--all", description = "Every address that bounced, not only the undeliverable ones")
    boolean all;

    @Option(name = "--clear", description = "An undeliverable address to send to again")
    String clear;

    @Option(name = "--limit", description = "How many to show (at most 500)")
    int limit = 50;

    @Reference
    InboundService inbound;

    @Override
    public Object execute() {
        if (clear != null) {
            ShellUser.require("inbound:addresses --clear", Roles.AGENT);
            if (!inbound.clearUndeliverable(clear, ShellUser.name())) {
                throw new IllegalArgumentException("'" + clear + "' is not marked undeliverable");
            }
            System.out.println("Messages may go to " + clear + " again.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Address");
        table.column("Contact").alignRight();
        table.column("Undeliverable");
        table.column("Hard").alignRight();
        table.column("Soft").alignRight();
        table.column("Last bounce");
        table.column("Reason").maxSize(60);
        for (AddressState a : inbound.addresses(!all, 0, limit)) {
            table.addRow().addContent(a.address(), a.contactId() == null ? "" : a.contactId(),
                    a.undeliverable() ? "since " + a.markedAt() : "no", a.hardBounces(), a.softBounces(), a.lastBounceAt(),
                    a.reason() == null ? "" : a.reason());
        }
        table.print(System.out);
        return null;
    }
}

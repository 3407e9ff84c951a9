package org.rapport.offers.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferService;

/** {@code offers:list}: the offer catalogue, by code. */
@Service
@Command(scope = "offers", name = "list", description = "Lists the offer catalogue")
public class ListCommand implements Action {

    @Reference
    OfferService offers;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Code");
        table.column("Kind");
        table.column("Title");
        table.column("Valid from");
        table.column("Valid to");
        table.column("Active");
        for (Offer o : offers.list()) {
            table.addRow().addContent(o.code(), o.kind().label(), o.title(), o.validFrom() == null ? "" : o.validFrom(),
                    o.validTo() == null ? "" : o.validTo(), o.active() ? "yes" : "no");
        }
        table.print(System.out);
        return null;
    }
}

package org.rapport.sales.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;
import org.rapport.sales.api.SalesService;

/** {@code sales:leads}: the newest leads with their score, grade, queue and status. */
@Service
@Command(scope = "sales", name = "leads", description = "Lists leads, newest first, with score, grade, queue and status")
public class LeadsCommand implements Action {

    @Option(name = "--status", description = "Only leads in this status: open, qualified, disqualified, converted")
    @Completion(value = StringsCompleter.class, values = {"open", "qualified", "disqualified", "converted"})
    String status;

    @Option(name = "--limit", description = "How many leads to show")
    int limit = 20;

    @Option(name = "--offset", description = "How many of the newest to skip")
    int offset;

    @Reference
    SalesService sales;

    @Override
    public Object execute() {
        LeadStatus filter = status == null ? null : LeadStatus.parse(status);
        print(sales.leads(filter, offset, limit));
        System.out.println(sales.countLeads(filter) + " lead(s) in all. Why a lead scored as it did: rules:why lead:<id>");
        return null;
    }

    static void print(List<Lead> leads) {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Email");
        table.column("Company");
        table.column("Source");
        table.column("Score").alignRight();
        table.column("Grade");
        table.column("Queue");
        table.column("Owner");
        table.column("Status");
        table.column("Contact").alignRight();
        for (Lead l : leads) {
            table.addRow().addContent(l.id(), l.name(), l.email(), l.company(), l.source(), l.score(), l.grade(), l.queue(),
                    l.owner(), l.status().label(), l.contactId());
        }
        table.print(System.out);
    }
}

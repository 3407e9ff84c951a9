package org.rapport.sales.impl.command;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.rest.shell.UserNameCompleter;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.OpportunityQuery;
import org.rapport.sales.api.SalesService;

/** {@code sales:opportunities}: opportunities by expected close date, filtered by stage, owner and month. */
@Service
@Command(scope = "sales", name = "opportunities", description = "Lists opportunities by expected close date")
public class OpportunitiesCommand implements Action {

    @Option(name = "--stage", description = "Only those in this stage")
    String stage;

    @Option(name = "--owner", description = "Only those of this user")
    @Completion(UserNameCompleter.class)
    String owner;

    @Option(name = "--month", description = "Only those expected to close in this month, such as 2026-12")
    String month;

    @Option(name = "--limit", description = "How many to show")
    int limit = 50;

    @Reference
    SalesService sales;

    @Override
    public Object execute() {
        YearMonth closeMonth;
        try {
            closeMonth = month == null ? null : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--month '" + month + "' is not a month such as 2026-12");
        }
        OpportunityQuery query = new OpportunityQuery(stage, owner, closeMonth, 0, limit);
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Contact").alignRight();
        table.column("Amount").alignRight();
        table.column("Cur");
        table.column("Stage");
        table.column("%").alignRight();
        table.column("Close");
        table.column("Owner");
        table.column("Next step").maxSize(40);
        for (Opportunity o : sales.opportunities(query)) {
            table.addRow().addContent(o.id(), o.name(), o.contactId(), o.amount().toPlainString(), o.currency(), o.stage(),
                    o.probability(), o.expectedClose(), o.owner(), o.nextStep());
        }
        table.print(System.out);
        System.out.println(sales.countOpportunities(query) + " opportunity(ies) in all.");
        return null;
    }
}

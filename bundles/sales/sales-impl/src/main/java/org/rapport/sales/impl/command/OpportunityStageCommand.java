package org.rapport.sales.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.rest.security.ShellUser;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.api.StageChange;

/** {@code sales:opportunity-stage}: moves an opportunity to another stage, and shows its stage history. */
@Service
@Command(scope = "sales", name = "opportunity-stage", description = "Moves an opportunity to a stage (won and lost "
        + "need a reason) and shows its stage history")
public class OpportunityStageCommand implements Action {

    @Argument(index = 0, name = "opportunity", description = "The opportunity's id", required = true)
    long opportunityId;

    @Argument(index = 1, name = "stage", description = "The stage to move to", required = true)
    String stage;

    @Argument(index = 2, name = "reason", description = "Why (required for won and lost)", multiValued = true)
    List<String> reason;

    @Option(name = "--next-step", description = "The next step from here")
    String nextStep;

    @Reference
    SalesService sales;

    @Override
    public Object execute() {
        Opportunity o = sales.moveStage(opportunityId, stage, reason == null ? null : String.join(" ", reason), nextStep,
                ShellUser.name());
        System.out.println("Opportunity " + o.id() + " '" + o.name() + "' is in stage " + o.stage() + " ("
                + o.probability() + "%).");
        ShellTable table = new ShellTable();
        table.column("When");
        table.column("From");
        table.column("To");
        table.column("By");
        table.column("Reason").maxSize(60);
        for (StageChange c : sales.history(o.id())) {
            table.addRow().addContent(c.at(), c.from(), c.to(), c.actor(), c.reason());
        }
        table.print(System.out);
        return null;
    }
}

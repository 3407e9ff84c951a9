package org.rapport.sales.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.security.ShellUser;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.SalesService;

/** {@code sales:lead-qualify}: qualifies, or with {@code --disqualify} disqualifies, a lead with a reason. */
@Service
@Command(scope = "sales", name = "lead-qualify", description = "Qualifies (or with --disqualify disqualifies) a lead, "
        + "with a reason")
public class LeadQualifyCommand implements Action {

    @Argument(index = 0, name = "lead", description = "The lead's id", required = true)
    @Completion(LeadIdCompleter.class)
    long leadId;

    @Argument(index = 1, name = "reason", description = "Why", required = true, multiValued = true)
    List<String> reason;

    @Option(name = "--disqualify", description = "Disqualify the lead instead")
    boolean disqualify;

    @Reference
    SalesService sales;

    @Override
    public Object execute() {
        Lead lead = sales.qualify(leadId, !disqualify, String.join(" ", reason), ShellUser.name());
        System.out.println("Lead " + lead.id() + " is " + lead.status().label() + ": " + lead.reason());
        return null;
    }
}

package org.rapport.sales.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobRunner;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.SalesService;

/**
 * {@code sales:rescore [lead]}: scores one lead again at once, or, without an id, starts the job that
 * scores every open and qualified lead again ({@code jobs:show <id>} follows it).
 */
@Service
@Command(scope = "sales", name = "rescore", description = "Scores a lead again, or every open lead in a job")
public class RescoreCommand implements Action {

    @Argument(index = 0, name = "lead", description = "The lead's id (default: every open and qualified lead, as a job)")
    @Completion(LeadIdCompleter.class)
    Long leadId;

    @Reference
    SalesService sales;

    @Reference
    JobRunner jobs;

    @Override
    public Object execute() {
        if (leadId != null) {
            Lead lead = sales.rescore(leadId);
            System.out.println("Lead " + lead.id() + ": score " + lead.score() + ", grade " + lead.grade() + ", queue "
                    + lead.queue() + ". Why: rules:why " + lead.subject());
            return null;
        }
        // The ACL lets agents re-score one lead; every lead is an analyst's job, as the job kind says.
        ShellUser.require("re-scoring every lead", Roles.ANALYST);
        Job job = jobs.start("sales.rescoring", ShellUser.name());
        System.out.println("Re-scoring job " + job.id() + " started for " + job.total() + " lead(s); jobs:show "
                + job.id() + " follows it.");
        return null;
    }
}

package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.security.ShellUser;
import org.rapport.rest.shell.UserNameCompleter;
import org.rapport.service.api.CaseService;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** {@code cases:assign <id> [user]}: gives a case to an agent, or to nobody. */
@Service
@Command(scope = "cases", name = "assign", description = "Assigns a case to an agent (without a user: to nobody)")
public class CaseAssignCommand implements Action {

    @Argument(index = 0, name = "case", description = "The case's id", required = true)
    @Completion(CaseIdCompleter.class)
    long caseId;

    @Argument(index = 1, name = "user", description = "The agent who works it; left out: nobody")
    @Completion(UserNameCompleter.class)
    String assignee;

    @Reference
    CaseService cases;

    @Reference
    QueueGuard guard;

    @Override
    public Object execute() {
        guard.visible(caseId, Viewer.shell());
        ServiceCase c = cases.assign(caseId, assignee, ShellUser.name());
        System.out.println("Case " + c.id() + " is " + (c.assignee() == null ? "unassigned" : "assigned to " + c.assignee())
                + " and " + c.status().label() + ".");
        return null;
    }
}

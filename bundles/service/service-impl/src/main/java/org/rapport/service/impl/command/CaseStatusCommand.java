package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.rest.security.ShellUser;
import org.rapport.service.api.CaseService;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** {@code cases:status <id> <status>}: resolves, closes, reopens a case or sets it pending, as its status allows. */
@Service
@Command(scope = "cases", name = "status", description = "Moves a case to open (reopen), pending, resolved or closed")
public class CaseStatusCommand implements Action {

    @Argument(index = 0, name = "case", description = "The case's id", required = true)
    @Completion(CaseIdCompleter.class)
    long caseId;

    @Argument(index = 1, name = "status", description = "open, pending, resolved or closed", required = true)
    @Completion(value = StringsCompleter.class, values = {"open", "pending", "resolved", "closed"})
    String status;

    @Reference
    CaseService cases;

    @Reference
    QueueGuard guard;

    @Override
    public Object execute() {
        guard.visible(caseId, Viewer.shell());
        ServiceCase c = cases.transition(caseId, CaseStatus.parse(status), ShellUser.name());
        System.out.println("Case " + c.id() + " is " + c.status().label() + ".");
        return null;
    }
}

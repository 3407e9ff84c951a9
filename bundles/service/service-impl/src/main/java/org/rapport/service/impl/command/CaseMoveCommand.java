package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.security.ShellUser;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** {@code cases:move <id> <queue>}: moves a case to another queue the user sees. */
@Service
@Command(scope = "cases", name = "move", description = "Moves a case to another queue; its targets follow the new queue's rules")
public class CaseMoveCommand implements Action {

    @Argument(index = 0, name = "case", description = "The case's id", required = true)
    @Completion(CaseIdCompleter.class)
    long caseId;

    @Argument(index = 1, name = "queue", description = "The queue it goes to", required = true)
    @Completion(QueueCompleter.class)
    String queue;

    @Reference
    QueueGuard guard;

    @Override
    public Object execute() {
        ServiceCase c = guard.move(caseId, queue, Viewer.shell(), ShellUser.name());
        System.out.println("Case " + c.id() + " is in queue " + c.queue() + (c.firstResponseDue() == null ? ""
                : "; first reply due " + c.firstResponseDue()) + (c.resolutionDue() == null ? ""
                : "; resolve by " + c.resolutionDue()) + ".");
        return null;
    }
}

package org.rapport.service.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.service.api.CaseService;
import org.rapport.service.api.Escalation;

/** {@code cases:check}: runs the SLA check now, as the schedule does, and lists what it raised. */
@Service
@Command(scope = "cases", name = "check", description = "Runs the SLA check now: breaches and near-breaches not raised yet")
public class CaseCheckCommand implements Action {

    @Reference
    CaseService cases;

    @Override
    public Object execute() {
        List<Escalation> raised = cases.checkTargets();
        for (Escalation e : raised) {
            System.out.println("Case " + e.caseId() + " (" + e.queue() + (e.assignee() == null ? "" : ", " + e.assignee())
                    + "): " + e.kind() + ", due " + CaseText.time(e.due()) + " UTC");
        }
        System.out.println(raised.size() + " escalation(s) raised.");
        return null;
    }
}

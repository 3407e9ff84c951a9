package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.rest.shell.ContactIdCompletion;
import org.rapport.rest.shell.UserNameCompleter;
import org.rapport.service.api.CasePriority;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** {@code cases:list}: the newest cases, by status, queue, assignee, contact or priority, with their targets. */
@Service
@Command(scope = "cases", name = "list", description = "Lists cases, newest first, with queue, assignee, status and targets")
public class CasesCommand implements Action {

    @Option(name = "--status", description = "Only cases in this status: new, open, pending, resolved, closed")
    @Completion(value = StringsCompleter.class, values = {"new", "open", "pending", "resolved", "closed"})
    String status;

    @Option(name = "--queue", description = "Only cases in this queue")
    @Completion(QueueCompleter.class)
    String queue;

    @Option(name = "--assignee", description = "Only cases assigned to this user")
    @Completion(UserNameCompleter.class)
    String assignee;

    @Option(name = "--contact", description = "Only the cases of this contact id")
    @Completion(ContactIdCompletion.class)
    Long contactId;

    @Option(name = "--priority", description = "Only cases of this priority: low, normal, high, urgent")
    @Completion(value = StringsCompleter.class, values = {"low", "normal", "high", "urgent"})
    String priority;

    @Option(name = "--limit", description = "How many cases to show (at most 500)")
    int limit = 20;

    @Option(name = "--offset", description = "How many of the newest to skip")
    int offset;

    @Reference
    QueueGuard guard;

    @Override
    public Object execute() {
        CaseQuery query = new CaseQuery(status == null ? null : CaseStatus.parse(status), queue, assignee, contactId,
                priority == null ? null : CasePriority.parse(priority));
        CaseText.table(guard.list(query, Viewer.shell(), offset, limit), System.out);
        System.out.println(guard.count(query, Viewer.shell()) + " case(s) in all. A case and its thread: cases:show <id>");
        return null;
    }
}

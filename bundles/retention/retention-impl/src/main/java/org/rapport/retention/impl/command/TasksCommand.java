package org.rapport.retention.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;
import org.rapport.retention.api.RetentionService;
import org.rapport.retention.api.Task;
import org.rapport.retention.api.TaskStatus;

/**
 * {@code retention:tasks [--queue q] [--all]}: open tasks by due date; {@code --take id} assigns one
 * to yourself, {@code --done id [--note n]} closes it.
 */
@Service
@Command(scope = "retention", name = "tasks", description = "Lists retention tasks, or takes or closes one")
public class TasksCommand implements Action {

    @Option(name = "--queue", description = "Only this queue's tasks (vip-care, customer-care, support...)")
    String queue;

    @Option(name = "--all", description = "Every task, not only open ones")
    boolean all;

    @Option(name = "--take", description = "Assign this task to yourself")
    @Completion(TaskIdCompleter.class)
    Long take;

    @Option(name = "--done", description = "Mark this task done")
    @Completion(TaskIdCompleter.class)
    Long done;

    @Option(name = "--note", description = "A note for --take or --done")
    String note;

    @Reference
    RetentionService retention;

    @Override
    public Object execute() {
        if (take != null || done != null) {
            ShellUser.require("retention:tasks " + (take != null ? "--take" : "--done"), Roles.AGENT);
            Task t = take != null ? retention.updateTask(take, null, ShellUser.name(), note, ShellUser.name())
                    : retention.updateTask(done, TaskStatus.DONE, null, note, ShellUser.name());
            System.out.println("Task " + t.id() + " is " + t.status().name().toLowerCase()
                    + (t.assignee() == null ? "" : ", with " + t.assignee()));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Due");
        table.column("Contact").alignRight();
        table.column("Queue");
        table.column("Title");
        table.column("Status");
        table.column("With");
        for (Task t : retention.tasks(all ? null : TaskStatus.OPEN, queue, 0, 200)) {
            table.addRow().addContent(t.id(), AtRiskCommand.TIME.format(t.dueAt()), t.contactId(), t.queue(), t.title(),
                    t.status().name().toLowerCase(), t.assignee() == null ? "" : t.assignee());
        }
        table.print(System.out);
        return null;
    }
}

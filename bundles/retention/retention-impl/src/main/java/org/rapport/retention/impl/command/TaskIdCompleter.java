package org.rapport.retention.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.retention.api.RetentionService;
import org.rapport.retention.api.TaskStatus;

/**
 * Completes the id of an open task (the newest first), with its queue and title beside it: what
 * {@code retention:tasks --take} and {@code --done} act on. Agents work tasks, analysts read them.
 */
@Service
public class TaskIdCompleter extends BoundedCompleter {

    @Reference
    RetentionService retention;

    public TaskIdCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        // A task's id is digits: what was typed narrows the open tasks asked for, at most 200 of them.
        return retention.tasks(TaskStatus.OPEN, null, 0, 200).stream()
                .filter(t -> Long.toString(t.id()).startsWith(typed)).limit(LIMIT)
                .map(t -> candidate(Long.toString(t.id()), Long.toString(t.id()), t.queue() + ": " + t.title())).toList();
    }
}

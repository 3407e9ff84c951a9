package org.rapport.communication.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.communication.api.MessageService;
import org.rapport.rest.security.ShellUser;

/** {@code messages:retry <id>}: puts a failed message back in the queue. */
@Service
@Command(scope = "messages", name = "retry", description = "Puts a failed message back in the queue")
public class RetryCommand implements Action {

    @Argument(index = 0, name = "id", description = "The message", required = true)
    long id;

    @Reference
    MessageService messages;

    @Override
    public Object execute() {
        messages.retry(id, ShellUser.name());
        System.out.println("Message " + id + " is queued again");
        return null;
    }
}

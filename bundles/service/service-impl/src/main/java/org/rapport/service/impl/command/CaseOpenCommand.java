package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.rest.security.ShellUser;
import org.rapport.rest.shell.ContactIdCompletion;
import org.rapport.rest.shell.UserNameCompleter;
import org.rapport.service.api.CaseService;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** {@code cases:open --contact <id> <subject> <message>}: opens a case with the customer's message, and sets its targets. */
@Service
@Command(scope = "cases", name = "open", description = "Opens a case for a contact with the customer's message")
public class CaseOpenCommand implements Action {

    @Option(name = "--contact", description = "The contact id of the customer", required = true)
    @Completion(ContactIdCompletion.class)
    Long contactId;

    @Option(name = "--channel", description = "Where the request came from: email (default), phone, chat, web, "
            + "in-person, social, mail, other")
    @Completion(value = StringsCompleter.class, values = {"email", "phone", "chat", "web", "in-person", "social", "mail",
        "other"})
    String channel;

    @Option(name = "--priority", description = "low, normal (default), high or urgent")
    @Completion(value = StringsCompleter.class, values = {"low", "normal", "high", "urgent"})
    String priority;

    @Option(name = "--queue", description = "The queue (default: the first configured one you may see)")
    @Completion(QueueCompleter.class)
    String queue;

    @Option(name = "--assignee", description = "The user who works it")
    @Completion(UserNameCompleter.class)
    String assignee;

    @Argument(index = 0, name = "subject", description = "What the case is about, one line", required = true)
    String subject;

    @Argument(index = 1, name = "message", description = "What the customer asked", required = true)
    String message;

    @Reference
    CaseService cases;

    @Reference
    QueueGuard guard;

    @Override
    public Object execute() {
        ServiceCase c = guard.open(new NewCase(subject, contactId, channel, priority, queue, assignee, message),
                Viewer.shell(), ShellUser.name());
        System.out.println("Case " + c.id() + " opened in queue " + c.queue() + ".");
        CaseText.show(c, cases.thread(c.id()), System.out);
        return null;
    }
}

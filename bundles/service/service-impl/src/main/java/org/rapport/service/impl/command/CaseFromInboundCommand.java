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
import org.rapport.service.impl.InboundCases;
import org.rapport.service.impl.Viewer;

/**
 * {@code cases:from-inbound <inbound id>}: opens a case from a message of the inbound log, with its
 * contact (created from an authenticated sender's email address, or the one given), or shows the
 * case it is on already.
 */
@Service
@Command(scope = "cases", name = "from-inbound", description = "Opens a case from a message of the inbound log "
        + "(inbound:log), creating its contact from the sender's address unless one is given")
public class CaseFromInboundCommand implements Action {

    @Option(name = "--contact", description = "The contact the message is from (default: the sender's, created "
            + "from an authenticated email address)")
    @Completion(ContactIdCompletion.class)
    Long contactId;

    @Option(name = "--first-name", description = "The first name of the customer, when created")
    String firstName;

    @Option(name = "--last-name", description = "The last name of the customer, when created")
    String lastName;

    @Option(name = "--subject", description = "The case's subject (default: the message's)")
    String subject;

    @Option(name = "--priority", description = "low, normal (default), high or urgent")
    @Completion(value = StringsCompleter.class, values = {"low", "normal", "high", "urgent"})
    String priority;

    @Option(name = "--queue", description = "The queue (default: the first configured one you may see)")
    @Completion(QueueCompleter.class)
    String queue;

    @Option(name = "--assignee", description = "The user who works it")
    @Completion(UserNameCompleter.class)
    String assignee;

    @Argument(index = 0, name = "inbound id", description = "The message's id on the inbound log", required = true)
    long inboundId;

    @Reference
    CaseService cases;

    @Reference
    InboundCases inbound;

    @Override
    public Object execute() {
        InboundCases.Opened opened = inbound.open(inboundId, new InboundCases.Request(contactId, firstName, lastName,
                subject, priority, queue, assignee), Viewer.shell(), ShellUser.name());
        long id = opened.details().id();
        System.out.println(opened.created() ? "Case " + id + " opened in queue " + opened.details().queue()
                + (opened.contactCreated() ? " for new contact " + opened.details().contactId() : "") + "."
                : "Inbound message " + inboundId + " is on case " + id + " already.");
        CaseText.show(opened.details(), cases.thread(id), System.out);
        return null;
    }
}

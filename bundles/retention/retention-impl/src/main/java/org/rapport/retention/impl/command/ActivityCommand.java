package org.rapport.retention.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;
import org.rapport.retention.api.Episode;
import org.rapport.retention.api.RetentionService;

/** {@code retention:activity [--evaluate] <contactId>}: a customer's activity as the rules see it, and their episodes. */
@Service
@Command(scope = "retention", name = "activity", description = "Shows a customer's activity as the retention rules see it, "
        + "and their episodes")
public class ActivityCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The customer", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Option(name = "--evaluate", description = "Evaluate the customer now first")
    boolean evaluate;

    @Reference
    RetentionService retention;

    @Override
    public Object execute() {
        if (evaluate) {
            ShellUser.require("retention:activity --evaluate", Roles.AGENT);
            retention.evaluate(contactId, ShellUser.name());
        }
        System.out.println(retention.activity(contactId).map(Object::toString).orElse("No touchpoints of contact "
                + contactId + " yet"));
        for (Episode e : retention.episodes(contactId)) {
            System.out.println("  " + AtRiskCommand.TIME.format(e.openedAt()) + "  " + e.trigger() + " (" + e.risk() + "): "
                    + e.reason() + ", by \"" + e.rule() + "\" (" + e.release() + ") "
                    + (e.closedAt() == null ? "open" : e.outcome().name().toLowerCase().replace('_', ' ') + " "
                    + AtRiskCommand.TIME.format(e.closedAt())));
        }
        return null;
    }
}

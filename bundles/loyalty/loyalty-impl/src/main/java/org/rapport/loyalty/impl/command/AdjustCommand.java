package org.rapport.loyalty.impl.command;

import java.util.List;
import java.util.UUID;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.rest.security.ShellUser;

/** {@code loyalty:adjust <contactId> <points> <reason...>} */
@Service
@Command(scope = "loyalty", name = "adjust", description = "Credits (positive) or debits (negative) a member's points "
        + "by hand, with a reason; adjusted points do not count towards tiers")
public class AdjustCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The member's contact id", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Argument(index = 1, name = "points", description = "Points to credit, or debit when negative (use -- before a negative number)",
            required = true)
    long points;

    @Argument(index = 2, name = "reason", description = "Why, kept with the entry", required = true, multiValued = true)
    List<String> reason;

    @Option(name = "--request-id", description = "An id for this adjustment; repeating it books nothing new (default: fresh)")
    String requestId;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        PointsEntry entry = loyalty.adjust(contactId, points, String.join(" ", reason),
                requestId == null ? "shell-" + UUID.randomUUID() : requestId, ShellUser.name());
        System.out.println("Entry " + entry.id() + ": " + (entry.points() > 0 ? "+" : "") + entry.points()
                + " points; balance now " + loyalty.member(contactId).orElseThrow().balance() + ".");
        return null;
    }
}

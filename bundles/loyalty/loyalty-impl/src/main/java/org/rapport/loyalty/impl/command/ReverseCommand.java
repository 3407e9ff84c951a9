package org.rapport.loyalty.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.rest.security.ShellUser;

/** {@code loyalty:reverse <entryId> <reason...>} */
@Service
@Command(scope = "loyalty", name = "reverse", description = "Books the exact opposite of an earn, redemption or "
        + "adjustment; the entry itself stays in the ledger")
public class ReverseCommand implements Action {

    @Argument(index = 0, name = "entryId", description = "The entry to reverse (see loyalty:history)", required = true)
    long entryId;

    @Argument(index = 1, name = "reason", description = "Why, kept with the reversal", required = true, multiValued = true)
    List<String> reason;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        PointsEntry entry = loyalty.reverse(entryId, String.join(" ", reason), ShellUser.name());
        System.out.println("Entry " + entry.id() + " reverses entry " + entryId + ": " + (entry.points() > 0 ? "+" : "")
                + entry.points() + " points; balance now " + loyalty.member(entry.contactId()).orElseThrow().balance() + ".");
        return null;
    }
}

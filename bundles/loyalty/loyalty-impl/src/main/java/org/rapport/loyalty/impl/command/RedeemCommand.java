package org.rapport.loyalty.impl.command;

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

/** {@code loyalty:redeem <contactId> <reward> [--request-id ID]} */
@Service
@Command(scope = "loyalty", name = "redeem", description = "Spends a member's points on a reward, oldest points first")
public class RedeemCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The member's contact id", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Argument(index = 1, name = "reward", description = "The reward's code (see loyalty:rewards)", required = true)
    @Completion(RewardCodeCompleter.class)
    String reward;

    @Option(name = "--request-id", description = "An id for this redemption; repeating it books nothing new (default: fresh)")
    String requestId;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        PointsEntry entry = loyalty.redeem(contactId, reward, requestId == null ? "shell-" + UUID.randomUUID() : requestId,
                ShellUser.name());
        System.out.println("Entry " + entry.id() + ": " + -entry.points() + " points redeemed for " + entry.reward()
                + "; balance now " + loyalty.member(contactId).orElseThrow().balance() + ".");
        return null;
    }
}

package org.rapport.loyalty.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes a reward's code, with its name, its cost and whether it can be redeemed beside it.
 * Rewards are few (an administrator defines each), so the list is read whole. Agents redeem them,
 * analysts read them.
 */
@Service
public class RewardCodeCompleter extends BoundedCompleter {

    @Reference
    LoyaltyService loyalty;

    public RewardCodeCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return loyalty.rewards().stream().filter(r -> r.code().startsWith(typed)).limit(LIMIT)
                .map(r -> candidate(r.code(), r.code(), r.name() + ", " + r.points() + " points"
                        + (r.active() ? "" : ", withdrawn"))).toList();
    }
}

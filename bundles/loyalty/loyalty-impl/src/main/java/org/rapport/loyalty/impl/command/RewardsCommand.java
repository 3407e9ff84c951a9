package org.rapport.loyalty.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.Reward;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;

/**
 * {@code loyalty:rewards}: lists the rewards; {@code loyalty:rewards --set CODE --points N [--stock N] [--inactive] name...}
 * adds or changes one.
 */
@Service
@Command(scope = "loyalty", name = "rewards", description = "Lists the rewards members can redeem, or adds or changes one")
public class RewardsCommand implements Action {

    @Option(name = "--set", description = "The code of the reward to add or change")
    @Completion(RewardCodeCompleter.class)
    String code;

    @Option(name = "--points", description = "What the reward costs")
    long points;

    @Option(name = "--stock", description = "How many are left (default: unlimited)")
    Integer stock;

    @Option(name = "--inactive", description = "Withdraw the reward from redemption")
    boolean inactive;

    @Argument(index = 0, name = "name", description = "The reward's name, with --set", multiValued = true)
    List<String> name;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        if (code != null) {
            ShellUser.require("loyalty:rewards --set", Roles.ADMIN);
            Reward saved = loyalty.saveReward(new Reward(code, name == null ? null : String.join(" ", name), points,
                    stock, !inactive));
            System.out.println("Reward " + saved.code() + " saved.");
        } else if (name != null) {
            throw new IllegalArgumentException("a name is given only with --set CODE");
        }
        ShellTable table = new ShellTable();
        table.column("Code");
        table.column("Name");
        table.column("Points").alignRight();
        table.column("Stock").alignRight();
        table.column("Active");
        for (Reward r : loyalty.rewards()) {
            table.addRow().addContent(r.code(), r.name(), r.points(), r.stock() == null ? "unlimited" : r.stock(),
                    r.active() ? "yes" : "no");
        }
        table.print(System.out);
        return null;
    }
}

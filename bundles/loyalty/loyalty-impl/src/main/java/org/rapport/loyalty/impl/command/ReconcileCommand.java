package org.rapport.loyalty.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.Reconciliation;

/** {@code loyalty:reconcile}: checks the ledger's invariants. */
@Service
@Command(scope = "loyalty", name = "reconcile", description = "Checks that every entry balances and every member's "
        + "balance equals their ledger lines and unspent credits")
public class ReconcileCommand implements Action {

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        Reconciliation r = loyalty.reconcile();
        System.out.println(r.entries() + " entries, " + r.members() + " members, " + r.pointsOutstanding()
                + " points outstanding: " + (r.reconciles() ? "the ledger reconciles." : r.problems().size() + " problem(s)"));
        r.problems().forEach(p -> System.out.println("  " + p));
        return null;
    }
}

package org.rapport.loyalty.api;

import java.util.List;

/**
 * A check of the ledger's invariants: every entry's lines sum to zero, each member's balance
 * equals the sum of their lines and the points left in their unexpired credits, and no balance
 * is negative.
 *
 * @param problems one sentence per broken invariant; empty when the ledger reconciles
 */
public record Reconciliation(int entries, int members, long pointsOutstanding, List<String> problems) {

    public boolean reconciles() {
        return problems.isEmpty();
    }
}

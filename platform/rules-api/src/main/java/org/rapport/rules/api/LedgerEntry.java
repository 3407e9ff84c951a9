package org.rapport.rules.api;

import java.time.Instant;
import java.util.Objects;

/** A decision as the ledger keeps it: the decision itself, the facts it was made on, and when. */
public record LedgerEntry(Decision decision, String facts, Instant recordedAt) {

    public LedgerEntry {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}

package org.rapport.rules.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Every decision that was applied, with the rule and release that made it, the facts it was
 * made on, and when: the answer to "why is Ada Gold?".
 */
@ProviderType
public interface DecisionLedger {

    /**
     * Records decisions the caller is applying, inside the caller's own transaction: they are
     * in the ledger if and only if the caller's change commits.
     *
     * @param em the caller's entity manager, in an active transaction on the platform database
     * @param facts what the decisions were made on, as shown to a reader (e.g. the facts' text)
     */
    void record(EntityManager em, Collection<Decision> applied, String facts);

    /** A decision being applied, with what it was made on; see {@link #recordAll}. @since 2.4 */
    record Applied(Decision decision, String facts) {
    }

    /**
     * Records many decisions at once, each with its own facts, inside the caller's transaction:
     * as {@link #record}, in one batch of writes. For a job applying the decisions about a page of
     * subjects.
     *
     * @since 2.4
     */
    void recordAll(EntityManager em, Collection<Applied> applied);

    /** The decisions applied about a subject, newest first. */
    List<LedgerEntry> about(String subject, int limit);

    /**
     * How many applied decisions each rule of each release made from {@code from} (inclusive) to
     * {@code to} (exclusive), by package, then release (newest first), then most decisions.
     */
    List<RuleActivity> activity(Instant from, Instant to);

    /**
     * Removes every decision about a subject, with the facts it was made on: a contact's
     * erasure reaches the ledger too.
     *
     * @return how many decisions were removed
     */
    int forget(String subject);
}

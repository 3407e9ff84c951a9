package org.rapport.privacy.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Data-retention runs decided by the {@code privacy} rules, and the legal holds that exempt contacts. */
@ProviderType
public interface DataRetentionService {

    /**
     * Runs the active {@code privacy} rules over every registered source's records.
     *
     * @param dryRun true to report what would be deleted or anonymised and change nothing
     * @throws org.rapport.rules.api.RulesException if the rules cannot be evaluated; what a
     *         category already applied stays applied and is in the log
     */
    DataRetentionRun run(boolean dryRun, String actor);

    /** The newest runs first. */
    List<DataRetentionRun> runs(int limit);

    /**
     * Places a contact under legal hold.
     *
     * @throws IllegalArgumentException if the contact does not exist or the reason is blank
     */
    LegalHold hold(long contactId, String reason, String actor);

    /** Lifts a contact's legal hold; false if there was none. */
    boolean release(long contactId, String actor);

    List<LegalHold> holds();
}

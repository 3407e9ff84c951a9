package org.rapport.privacy.facts;

/**
 * The former name of {@link DataRetentionDecisions}, kept so that rule files and stored releases
 * of the {@code privacy} package written before the rename still compile (the hot folder of an
 * existing installation, the active release rebuilt at start, a rollback to an older release).
 *
 * @deprecated write {@link DataRetentionDecisions}
 */
@Deprecated
public final class RetentionDecisions {

    /** @see DataRetentionDecisions#RULE_PACKAGE */
    public static final String RULE_PACKAGE = DataRetentionDecisions.RULE_PACKAGE;

    /** @see DataRetentionDecisions#DELETE */
    public static final String DELETE = DataRetentionDecisions.DELETE;

    /** @see DataRetentionDecisions#ANONYMIZE */
    public static final String ANONYMIZE = DataRetentionDecisions.ANONYMIZE;

    /** @see DataRetentionDecisions#CATEGORY */
    public static final String CATEGORY = DataRetentionDecisions.CATEGORY;

    private RetentionDecisions() {
    }
}

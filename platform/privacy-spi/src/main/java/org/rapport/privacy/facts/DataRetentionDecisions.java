package org.rapport.privacy.facts;

/** The decisions of the {@code privacy} rule package, applied by data-retention runs. */
public final class DataRetentionDecisions {

    /** The rule package data-retention runs evaluate. */
    public static final String RULE_PACKAGE = "privacy";

    /** Delete the record (the subject, a record id); attribute {@value #CATEGORY} names its category. */
    public static final String DELETE = "privacy.delete";

    /** Keep the record but remove its personal values; attribute {@value #CATEGORY}. */
    public static final String ANONYMIZE = "privacy.anonymize";

    /** Attribute: the record's category. */
    public static final String CATEGORY = "category";

    private DataRetentionDecisions() {
    }
}

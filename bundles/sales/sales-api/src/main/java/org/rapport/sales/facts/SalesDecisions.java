package org.rapport.sales.facts;

/**
 * The decisions the sales bundle applies, by type, with the attributes each one carries. Their
 * subject is the lead's {@code lead:<id>} ({@link LeadProfile#getSubject()}), or the
 * opportunity's {@code opportunity:<id>} for {@link #STALLED}.
 */
public final class SalesDecisions {

    /** The rule package the sales bundle evaluates. */
    public static final String RULE_PACKAGE = "sales";

    /**
     * Points towards the lead's score, from a {@link LeadProfile}: attribute {@value #POINTS}, a whole
     * number (negative to take points off). The lead's score is the sum of its decisions' points
     * (never below 0); each decision names the rule that gave it.
     */
    public static final String SCORE = "sales.score";

    /** Attribute of {@link #SCORE}: how many points. */
    public static final String POINTS = "points";

    /** The lead's grade, from a {@link LeadScore}: attribute {@value #GRADE}. The last one decided counts. */
    public static final String GRADE = "sales.grade";

    /** Attribute of {@link #GRADE}: {@code A} (best) to {@code D}, or any short label. */
    public static final String GRADE_NAME = "grade";

    /**
     * Where the lead goes, from a {@link LeadScore}: attribute {@value #QUEUE} and, optionally,
     * {@value #OWNER} (a user; a lead given an owner when captured keeps it).
     */
    public static final String ROUTE = "sales.route";

    /** Attribute of {@link #ROUTE}: the queue. */
    public static final String QUEUE = "queue";

    /** Attribute of {@link #ROUTE}: the owner. */
    public static final String OWNER = "owner";

    /**
     * The opportunity is stalled, from an {@link OpportunityActivity}: attribute {@value #AFTER_DAYS},
     * the days without activity the rule allows. Its subject is {@code opportunity:<id>}. An open
     * opportunity no rule decides this about is not stalled.
     */
    public static final String STALLED = "sales.stalled";

    /** Attribute of {@link #STALLED}: after how many days without activity the rule calls it stalled. */
    public static final String AFTER_DAYS = "afterDays";

    private SalesDecisions() {
    }
}

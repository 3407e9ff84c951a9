package org.rapport.retention.facts;

/**
 * The decisions the retention bundle applies, by type, with their attributes. Every decision's
 * subject is a contact id. A trigger opens an episode; the same trigger is not raised again for
 * the customer while its episode is open, and the actions a rule decides for a trigger are taken
 * only when its episode opens.
 */
public final class RetentionDecisions {

    /** The rule package the retention bundle evaluates. */
    public static final String RULE_PACKAGE = "retention";

    /**
     * The customer is slipping away: attributes {@value #TRIGGER} (a short code such as
     * {@code no-purchase}), {@value #RISK} ({@code low}, {@code medium} or {@code high}) and
     * {@value #REASON} (a sentence for agents).
     */
    public static final String AT_RISK = "retention.at-risk";

    /** A task for an agent: {@value #TRIGGER}, {@value #TITLE}, {@value #QUEUE} and {@value #DUE_DAYS}. */
    public static final String TASK = "retention.task";

    /** Bonus points as a win-back offer: {@value #TRIGGER} and {@value #POINTS}. */
    public static final String OFFER = "retention.offer";

    /**
     * A message from a template: {@value #TRIGGER}, {@value #TEMPLATE}, {@value #CHANNEL} (default
     * {@code email}) and {@value #PURPOSE} (default {@code marketing}); the consent gate decides
     * whether it leaves.
     */
    public static final String MESSAGE = "retention.message";

    public static final String TRIGGER = "trigger";
    public static final String RISK = "risk";
    public static final String REASON = "reason";
    public static final String TITLE = "title";
    public static final String QUEUE = "queue";
    public static final String DUE_DAYS = "dueDays";
    public static final String POINTS = "points";
    public static final String TEMPLATE = "template";
    public static final String CHANNEL = "channel";
    public static final String PURPOSE = "purpose";

    private RetentionDecisions() {
    }
}

package org.rapport.rules.api;

/** An evaluation failed inside the rules (an exception in a rule, or a runaway rule). */
public class RuleEvaluationException extends RulesException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    public RuleEvaluationException(String message, String rule, Throwable cause) {
        super(message, cause);
        this.rule = rule;
    }

    /** The rule at fault, or null when no single rule is to blame. */
    public String rule() {
        return rule;
    }
}

package org.rapport.rules.api;

import java.util.stream.Collectors;

/** A candidate release was refused; the active release keeps serving. */
public class RuleRejectedException extends RulesException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    public RuleRejectedException(Rejection rejection) {
        super("rule package '" + rejection.rulePackage() + "' refused:\n  "
                + rejection.problems().stream().map(RuleProblem::toString).collect(Collectors.joining("\n  ")));
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}

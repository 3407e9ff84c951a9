package org.rapport.rules.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A candidate release that was refused, with every problem found. */
public record Rejection(String rulePackage, String hash, Instant rejectedAt, String origin, List<RuleProblem> problems) {

    public Rejection {
        Objects.requireNonNull(rulePackage, "rulePackage");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
        Objects.requireNonNull(origin, "origin");
        problems = List.copyOf(problems);
    }
}

package org.rapport.rules.api;

import java.util.List;
import java.util.Objects;

/**
 * Whether a release's scenarios exercise one of its rules: which scenarios fired it. A rule no
 * scenario fires is not covered; a package that requires full coverage refuses such a release.
 *
 * @param rule the rule's name
 * @param file the rule file (or decision table) that declares it
 * @param line where the rule is declared in that file (a decision table's row), 0 if unknown
 * @param firedBy the scenarios that fired it, each as {@code file:line name}; empty when none did
 */
public record RuleCoverage(String rule, String file, int line, List<String> firedBy) {

    public RuleCoverage {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(file, "file");
        firedBy = List.copyOf(firedBy);
    }

    public boolean covered() {
        return !firedBy.isEmpty();
    }

    @Override
    public String toString() {
        return (covered() ? "covered " : "NOT COVERED ") + file + ":" + line + " " + rule
                + (covered() ? " by " + String.join(", ", firedBy) : "");
    }
}

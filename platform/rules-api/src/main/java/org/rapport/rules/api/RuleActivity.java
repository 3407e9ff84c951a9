package org.rapport.rules.api;

import java.util.Objects;

/**
 * How many decisions one rule of one release made that were applied, over a period: what the
 * dashboards chart as rule firings per release.
 */
public record RuleActivity(String rulePackage, long release, String rule, long decisions) {

    public RuleActivity {
        Objects.requireNonNull(rulePackage, "rulePackage");
        Objects.requireNonNull(rule, "rule");
    }
}

package org.rapport.rules.rest.impl;

import java.util.List;

import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.ScenarioResult;

/**
 * The outcome of a package's scenarios: counts, then each scenario with where it is written, and
 * which rules the scenarios fire ({@code coverage}, rule by rule; null for a release accepted
 * before coverage was recorded).
 */
public record TestReport(int passed, int failed, List<Result> results, List<RuleCoverage> coverage) {

    /** One scenario: its file and line, its name, and why it failed (null when it passed). */
    public record Result(String file, int line, String scenario, boolean passed, String failure) {
    }

    static TestReport of(List<ScenarioResult> results, List<RuleCoverage> coverage) {
        List<Result> rows = results.stream()
                .map(r -> new Result(r.file(), r.line(), r.scenario(), r.passed(), r.failure())).toList();
        int passed = (int) rows.stream().filter(Result::passed).count();
        return new TestReport(passed, rows.size() - passed, rows, coverage);
    }
}

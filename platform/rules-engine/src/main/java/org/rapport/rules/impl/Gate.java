package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.kie.api.KieBase;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.ScenarioResult;

/**
 * The gate every candidate passes before it can serve: its rule files and decision tables
 * compiled against the package's fact types and judged by the sandbox ({@link PackageCompiler}),
 * its rules' static checks ({@link RuleChecks}; each refuses or warns as configured), then every
 * scenario beside them run on the result ({@link ScenarioRunner}).
 */
final class Gate {

    private final PackageCompiler compiler = new PackageCompiler();
    private final FactContributions contributions;
    private volatile CheckPolicy policy = CheckPolicy.DEFAULT;

    Gate(FactContributions contributions) {
        this.contributions = contributions;
    }

    CheckPolicy policy() {
        return policy;
    }

    void policy(CheckPolicy checks) {
        this.policy = checks;
    }

    /** The static checks' findings on candidate files, refusing and warning ones. */
    RuleChecks.Outcome checks(Map<String, String> files, ClassLoader loader) {
        return RuleChecks.run(files, loader, policy);
    }

    /** The candidate built, or every problem that stops it, scenario failures included. */
    PackageCompiler.Result build(String rulePackage, Map<String, String> files, FactClassLoader loader, Limits limits) {
        PackageCompiler.Result result = compiler.compile(rulePackage, files, loader);
        if (!result.succeeded()) {
            return result;
        }
        RuleChecks.Outcome checks = checks(files, loader);
        List<RuleProblem> refusals = new ArrayList<>(checks.problems());
        checks.findings().stream().filter(RuleFinding::refusing)
                .map(f -> new RuleProblem(f.file(), f.line(), 0, f.check().id() + ": " + f.message()))
                .forEach(refusals::add);
        if (!refusals.isEmpty()) {
            return PackageCompiler.Result.failed(refusals);
        }
        result = result.withWarnings(checks.findings());
        List<RuleProblem> failures = ScenarioRunner.run(target(rulePackage, result.kieBase, result.declaresDecisions,
                loader, limits), files).stream().filter(r -> !r.passed())
                .map(r -> new RuleProblem(r.file(), r.line(), 0, ScenarioRunner.FILE.equals(r.scenario()) ? r.failure()
                        : "scenario '" + r.scenario() + "' failed: " + r.failure()))
                .collect(Collectors.toList());
        return failures.isEmpty() ? result : PackageCompiler.Result.failed(failures);
    }

    /** Runs the scenarios that travel with a release on it again. */
    List<ScenarioResult> test(String rulePackage, ActiveRelease release, Limits limits) {
        return ScenarioRunner.run(target(rulePackage, release.kieBase, release.declaresDecisions, release.classLoader,
                limits), release.files);
    }

    private ScenarioRunner.Target target(String rulePackage, KieBase kieBase, boolean declaresDecisions,
            ClassLoader loader, Limits limits) {
        return new ScenarioRunner.Target(rulePackage, kieBase, declaresDecisions, loader,
                contributions.factTypes(rulePackage), limits.maxFiresPerFact(), limits.maxEvaluationMillis());
    }
}

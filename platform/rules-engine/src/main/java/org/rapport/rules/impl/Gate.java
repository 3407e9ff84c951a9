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

    /** The candidate built, or every problem that stops it, static checks and scenario failures included. */
    PackageCompiler.Result build(String rulePackage, Map<String, String> files, FactClassLoader loader, Limits limits) {
        return build(rulePackage, files, loader, limits, true);
    }

    /**
     * An accepted release built again (at start, when its fact types change, from another node,
     * with its alpha network compiled): the static checks judged it when it was accepted, under
     * the configuration of then, and its notes say what they found; they are not run again, so a
     * release that serves keeps serving whatever the checks' configuration is now.
     */
    PackageCompiler.Result rebuild(String rulePackage, Map<String, String> files, FactClassLoader loader, Limits limits) {
        return build(rulePackage, files, loader, limits, false);
    }

    private PackageCompiler.Result build(String rulePackage, Map<String, String> files, FactClassLoader loader,
            Limits limits, boolean candidate) {
        PackageCompiler.Result result = compiler.compile(rulePackage, files, loader);
        if (!result.succeeded()) {
            return result;
        }
        if (candidate) {
            result = staticChecks(result, files, loader);
            if (!result.succeeded()) {
                return result;
            }
        }
        List<RuleProblem> failures = ScenarioRunner.run(target(rulePackage, result.kieBase, result.declaresDecisions,
                loader, limits), files).stream().filter(r -> !r.passed())
                .map(r -> new RuleProblem(r.file(), r.line(), 0, ScenarioRunner.FILE.equals(r.scenario()) ? r.failure()
                        : "scenario '" + r.scenario() + "' failed: " + r.failure()))
                .collect(Collectors.toList());
        return failures.isEmpty() ? result : PackageCompiler.Result.failed(failures);
    }

    /** The compiled candidate refused by the static checks configured to refuse, or with their warnings. */
    private PackageCompiler.Result staticChecks(PackageCompiler.Result result, Map<String, String> files,
            FactClassLoader loader) {
        RuleChecks.Outcome checks = checks(files, loader);
        List<RuleProblem> refusals = new ArrayList<>(checks.problems());
        checks.findings().stream().filter(RuleFinding::refusing)
                .map(f -> new RuleProblem(f.file(), f.line(), 0, f.check().id() + ": " + f.message()))
                .forEach(refusals::add);
        return refusals.isEmpty() ? result.withWarnings(checks.findings()) : PackageCompiler.Result.failed(refusals);
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

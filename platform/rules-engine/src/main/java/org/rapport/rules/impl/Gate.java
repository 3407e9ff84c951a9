package org.rapport.rules.impl;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.kie.api.KieBase;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.ScenarioResult;

/**
 * The gate every candidate passes before it can serve: its rule files and decision tables
 * compiled against the package's fact types and judged by the sandbox ({@link PackageCompiler}),
 * then every scenario beside them run on the result ({@link ScenarioRunner}).
 */
final class Gate {

    private final PackageCompiler compiler = new PackageCompiler();
    private final FactContributions contributions;

    Gate(FactContributions contributions) {
        this.contributions = contributions;
    }

    /** The candidate built, or every problem that stops it, scenario failures included. */
    PackageCompiler.Result build(String rulePackage, Map<String, String> files, FactClassLoader loader, Limits limits) {
        PackageCompiler.Result result = compiler.compile(rulePackage, files, loader);
        if (!result.succeeded()) {
            return result;
        }
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

package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kie.api.KieBase;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.ScenarioResult;

/**
 * The gate every candidate passes before it can serve: its rule files and decision tables
 * compiled against the package's fact types and judged by the sandbox ({@link PackageCompiler}),
 * its rules' static checks ({@link RuleChecks}; each refuses or warns as configured), then every
 * scenario beside them run on the result ({@link ScenarioRunner}). A package must have
 * scenarios (unless the administrator exempts it), and one whose {@code package.properties} says
 * {@code coverage = required} must fire each of its rules in at least one of them. What the
 * scenarios fired is kept with the result ({@link Coverage}).
 */
final class Gate {

    /**
     * Whether a package needs scenarios to pass.
     *
     * @param required whether a package without any scenario is refused
     * @param exempt packages the administrator lets pass without scenarios
     */
    record ScenarioRequirement(boolean required, Set<String> exempt) {

        /** For an engine embedded in a test or a tool: scenarios run when there are some. */
        static final ScenarioRequirement NONE = new ScenarioRequirement(false, Set.of());

        ScenarioRequirement {
            exempt = Set.copyOf(exempt);
        }

        boolean appliesTo(String rulePackage) {
            return required && !exempt.contains(rulePackage);
        }
    }

    private final PackageCompiler compiler = new PackageCompiler();
    private final FactContributions contributions;
    private volatile CheckPolicy policy = CheckPolicy.DEFAULT;
    private volatile ScenarioRequirement scenarios = ScenarioRequirement.NONE;

    Gate(FactContributions contributions) {
        this.contributions = contributions;
    }

    CheckPolicy policy() {
        return policy;
    }

    void policy(CheckPolicy checks) {
        this.policy = checks;
    }

    void require(ScenarioRequirement requirement) {
        scenarios = requirement;
    }

    /** The static checks' findings on candidate files, refusing and warning ones. */
    RuleChecks.Outcome checks(Map<String, String> files, ClassLoader loader) {
        return RuleChecks.run(files, loader, policy);
    }

    /**
     * Files that change nothing (a preview, a shadow) built, with what their scenarios fired and the
     * static checks' warnings, or every problem that stops them: refusing checks and scenario
     * failures included.
     */
    PackageCompiler.Result build(String rulePackage, Map<String, String> files, FactClassLoader loader, Limits limits) {
        return build(rulePackage, files, loader, limits, true, false);
    }

    /**
     * A candidate for the next release built as by {@link #build}, and held to what a new release
     * must show besides: scenarios (unless exempt), and, if its settings ask for it, every rule
     * fired by one.
     */
    PackageCompiler.Result admit(String rulePackage, Map<String, String> files, FactClassLoader loader, Limits limits) {
        return build(rulePackage, files, loader, limits, true, true);
    }

    /**
     * An accepted release built again (at start, when its fact types change, from another node,
     * with its alpha network compiled): the static checks and the demands on a new release judged
     * it when it was accepted, under the configuration of then, and its notes say what they found;
     * they are not applied again, so a release that serves keeps serving whatever the
     * configuration is now. Its scenarios run, and what they fire is kept.
     */
    PackageCompiler.Result rebuild(String rulePackage, Map<String, String> files, FactClassLoader loader, Limits limits) {
        return build(rulePackage, files, loader, limits, false, false);
    }

    private PackageCompiler.Result build(String rulePackage, Map<String, String> files, FactClassLoader loader,
            Limits limits, boolean checked, boolean candidate) {
        PackageSettings settings;
        try {
            settings = PackageSettings.of(files);
        } catch (PackageSettings.Invalid e) {
            return PackageCompiler.Result.failed(List.of(e.problem));
        }
        PackageCompiler.Result result = compiler.compile(rulePackage, files, loader);
        if (!result.succeeded()) {
            return result;
        }
        if (checked) {
            result = staticChecks(result, files, loader);
            if (!result.succeeded()) {
                return result;
            }
        }
        ScenarioRunner.Run run = ScenarioRunner.run(target(rulePackage, result.kieBase, result.declaresDecisions,
                loader, limits), files);
        List<RuleProblem> problems = new ArrayList<>();
        for (ScenarioResult r : run.results()) {
            if (!r.passed()) {
                problems.add(new RuleProblem(r.file(), r.line(), 0, ScenarioRunner.FILE.equals(r.scenario())
                        ? r.failure() : "scenario '" + r.scenario() + "' failed: " + r.failure()));
            }
        }
        if (candidate && run.results().isEmpty() && scenarios.appliesTo(rulePackage)) {
            problems.add(new RuleProblem(Coverage.UNKNOWN_FILE, 0, 0, "rule package '" + rulePackage
                    + "' has no scenarios: every package keeps scenarios beside its rules (a <name>.scenarios.yaml "
                    + "file: given these facts, expect these decisions); an administrator can exempt a package "
                    + "(scenariosOptional in " + RulesEngineConfig.PID + ")"));
        }
        List<RuleCoverage> coverage = Coverage.of(result.coverage, run.firedBy());
        if (candidate && settings.fullCoverage()) {
            coverage.stream().filter(c -> !c.covered()).forEach(c -> problems.add(new RuleProblem(c.file(), c.line(),
                    0, "rule \"" + c.rule() + "\" is fired by no scenario; " + PackageSettings.FILE
                            + " (coverage = required) asks for every rule to be fired by at least one")));
        }
        return problems.isEmpty() ? result.withCoverage(coverage) : PackageCompiler.Result.failed(problems);
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
                limits), release.files).results();
    }

    private ScenarioRunner.Target target(String rulePackage, KieBase kieBase, boolean declaresDecisions,
            ClassLoader loader, Limits limits) {
        return new ScenarioRunner.Target(rulePackage, kieBase, declaresDecisions, loader,
                contributions.factTypes(rulePackage), limits.maxFiresPerFact(), limits.maxEvaluationMillis());
    }
}

package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.kie.api.KieBase;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.RuleEvaluationException;
import org.rapport.rules.api.ScenarioResult;

/** Runs a package's scenario files against a compiled knowledge base. */
final class ScenarioRunner {

    /** How to evaluate: the same limits as live evaluations. */
    record Target(String rulePackage, KieBase kieBase, boolean declaresDecisions, ClassLoader classLoader,
            Collection<Class<?>> factTypes, int maxFiresPerFact, long budgetMillis) {
    }

    /** The scenario name of a result that concerns a whole file, such as a YAML syntax error. */
    static final String FILE = "(file)";

    private ScenarioRunner() {
    }

    /**
     * The scenarios' outcomes, and by rule name the scenarios that fired it ({@code file:line name}).
     * The rules fired are counted by the evaluation's agenda filter, engine code that rule code
     * never reaches.
     */
    record Run(List<ScenarioResult> results, Map<String, List<String>> firedBy) {
    }

    static Run run(Target target, Map<String, String> files) {
        List<ScenarioResult> results = new ArrayList<>();
        Map<String, List<String>> firedBy = new HashMap<>();
        FactFactory facts = new FactFactory(target.factTypes());
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!ScenarioParser.isScenarioFile(file.getKey())) {
                continue;
            }
            List<Scenario> scenarios;
            try {
                scenarios = ScenarioParser.parse(file.getKey(), file.getValue());
            } catch (ScenarioParser.InvalidScenarios e) {
                results.add(new ScenarioResult(file.getKey(), e.problem.line(), FILE, e.problem.message()));
                continue;
            }
            for (Scenario scenario : scenarios) {
                Set<String> fired = new HashSet<>();
                results.add(new ScenarioResult(scenario.file(), scenario.line(), scenario.name(),
                        failure(target, facts, scenario, fired)));
                String name = scenario.file() + ":" + scenario.line() + " " + scenario.name();
                fired.forEach(rule -> firedBy.computeIfAbsent(rule, r -> new ArrayList<>()).add(name));
            }
        }
        return new Run(results, firedBy);
    }

    /** Why the scenario fails, or null; the rules it fired are added to {@code fired}. */
    private static String failure(Target target, FactFactory factory, Scenario scenario, Set<String> fired) {
        List<Object> given = new ArrayList<>();
        for (Scenario.Fact fact : scenario.given()) {
            try {
                given.add(factory.build(fact));
            } catch (IllegalArgumentException e) {
                return "line " + fact.line() + ": " + e.getMessage();
            }
        }
        List<Decision> actual;
        try {
            Evaluator.Outcome outcome = Evaluator.evaluate(target.rulePackage(), 0, target.kieBase(),
                    target.declaresDecisions(), target.classLoader(), given, target.maxFiresPerFact(),
                    target.budgetMillis());
            fired.addAll(outcome.rulesFired());
            actual = new ArrayList<>(outcome.decisions());
        } catch (RuleEvaluationException e) {
            return e.getMessage();
        }
        List<String> problems = new ArrayList<>();
        for (Scenario.Expected expected : scenario.expect()) {
            Decision match = actual.stream().filter(d -> matches(expected, d)).findFirst().orElse(null);
            if (match == null) {
                problems.add("line " + expected.line() + ": expected " + expected + ", got " + describe(actual));
            } else {
                actual.remove(match);
            }
        }
        for (Decision unexpected : actual) {
            problems.add("unexpected " + describe(List.of(unexpected)));
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static boolean matches(Scenario.Expected expected, Decision decision) {
        if (!expected.type().equals(decision.type())) {
            return false;
        }
        for (Map.Entry<String, String> attribute : expected.attributes().entrySet()) {
            String actual = switch (attribute.getKey()) {
                case "subject" -> decision.subject();
                case "rule" -> decision.rule();
                default -> decision.attribute(attribute.getKey());
            };
            if (!attribute.getValue().equals(actual)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return "no decision";
        }
        return decisions.stream()
                .map(d -> d.type() + " {subject=" + d.subject() + ", " + d.attributes().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))
                        + "} by \"" + d.rule() + "\"")
                .collect(Collectors.joining(", "));
    }
}

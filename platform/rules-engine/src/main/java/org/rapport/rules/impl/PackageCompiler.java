package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.rapport.rules.api.Decisions;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RuleProblem;

/**
 * Compiles the files of one rule package into a Drools {@link KieBase}, or into the list of
 * problems that stop it, each located by file, line and column. Rules are compiled to Drools'
 * executable model ({@link ExecutableModel}); the {@link Sandbox} judges every compiled class
 * before any is loaded, and they are loaded in the package's {@link FactClassLoader}, which
 * resolves allowed names only.
 */
final class PackageCompiler {

    /** What compiling a set of files produced: a knowledge base, or the problems that stop one. */
    static final class Result {
        final KieBase kieBase;
        /** The rule files as DRL, decision tables translated: what was compiled. */
        final Map<String, String> drl;
        final List<RuleProblem> problems;
        final int ruleCount;
        final boolean declaresDecisions;
        /** What the gate's static checks warn of ({@link RuleChecks}); none refuses, or this would have failed. */
        final List<RuleFinding> warnings;
        /**
         * Every rule with where it is declared and, once the gate ran the scenarios, the scenarios
         * that fired it.
         */
        final List<RuleCoverage> coverage;

        private Result(KieBase kieBase, Map<String, String> drl, List<RuleProblem> problems, int ruleCount,
                boolean declaresDecisions, List<RuleFinding> warnings, List<RuleCoverage> coverage) {
            this.kieBase = kieBase;
            this.drl = drl;
            this.problems = problems;
            this.ruleCount = ruleCount;
            this.declaresDecisions = declaresDecisions;
            this.warnings = warnings;
            this.coverage = coverage;
        }

        /** The same knowledge base with the static checks' warnings. */
        Result withWarnings(List<RuleFinding> found) {
            return new Result(kieBase, drl, problems, ruleCount, declaresDecisions, List.copyOf(found), coverage);
        }

        /** This package with what its scenarios fired. */
        Result withCoverage(List<RuleCoverage> scenarioCoverage) {
            return new Result(kieBase, drl, problems, ruleCount, declaresDecisions, warnings,
                    List.copyOf(scenarioCoverage));
        }

        boolean succeeded() {
            return kieBase != null;
        }

        static Result failed(List<RuleProblem> problems) {
            return new Result(null, Map.of(), problems, 0, false, List.of(), List.of());
        }
    }

    private static final String NO_PACKAGE = "Parser returned a null Package";

    Result compile(String rulePackage, Map<String, String> files, FactClassLoader classLoader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Drools discovers its services, and the knowledge base resolves fact classes, through the
        // context class loader.
        thread.setContextClassLoader(classLoader);
        try {
            return doCompile(rulePackage, files, classLoader);
        } catch (RuntimeException e) {
            // Drools reports some failures by throwing, e.g. a fact class whose bundle is being refreshed.
            return Result.failed(List.of(new RuleProblem("(package)", 0, 0, "compilation failed: "
                    + ModelProblems.oneLine(String.valueOf(e.getMessage())))));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Result doCompile(String rulePackage, Map<String, String> files, FactClassLoader classLoader) {
        List<RuleProblem> problems = new ArrayList<>();
        // Every rule file as DRL: decision tables are translated first, then checked and compiled alike.
        Map<String, String> drl = new TreeMap<>();
        Map<String, DecisionTables.Translation> tables = new HashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            String name = file.getKey();
            if (ScenarioParser.isScenarioFile(name) || PackageSettings.FILE.equals(name)) {
                continue;
            }
            if (RuleFiles.isDrl(name)) {
                drl.put(name, file.getValue());
            } else if (RuleFiles.isDecisionTable(name)) {
                try {
                    DecisionTables.Translation table = DecisionTables.translate(name, file.getValue());
                    drl.put(name, table.drl);
                    tables.put(name, table);
                } catch (DecisionTables.Unreadable e) {
                    problems.add(e.problem);
                }
            } else {
                problems.add(new RuleProblem(name, 0, 0, "unsupported file type; a rule package holds .drl rules, "
                        + ".csv, .xls and .xlsx decision tables, .yaml scenarios and its " + PackageSettings.FILE));
            }
        }
        if (problems.isEmpty() && drl.isEmpty()) {
            problems.add(new RuleProblem("(package)", 0, 0, "no rule files"));
        }
        if (!problems.isEmpty()) {
            return Result.failed(problems);
        }
        RulePolicy.check(drl).forEach(p -> problems.add(locate(p, tables)));
        if (!problems.isEmpty()) {
            return Result.failed(problems);
        }
        ExecutableModel.Compilation compilation;
        try {
            compilation = ExecutableModel.compile(rulePackage, drl, classLoader);
        } catch (RuntimeException e) {
            // Drools throws for some problems of the rule text, e.g. a number compared with a word.
            return Result.failed(List.of(locate(ModelProblems.thrown(e, drl), tables)));
        }
        if (!compilation.errors.isEmpty()) {
            compilation.discard();
            ModelProblems.locate(compilation.errors, compilation.fileNames, drl).forEach(p -> problems.add(locate(p, tables)));
            // Drools adds this after any parse error; alone it is all there is to say.
            if (problems.size() > 1) {
                problems.removeIf(p -> p.message().endsWith(NO_PACKAGE));
            }
            return Result.failed(problems);
        }
        Sandbox sandbox = new Sandbox(classLoader.allowList(), classLoader.factTypes(), PackageCompiler.class.getClassLoader());
        for (Sandbox.Violation violation : sandbox.verify(compilation.classes)) {
            RuleProblem problem = locate(ModelProblems.locate(violation, drl), tables);
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            compilation.discard();
            // What the analyst can find in the text first; the rest (types only generated code names) after.
            problems.sort(Comparator.comparing((RuleProblem p) -> p.line() == 0).thenComparing(RuleProblem::file)
                    .thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column));
            return Result.failed(problems);
        }
        KieBase kieBase = compilation.load(classLoader);
        int rules = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
        boolean declaresDecisions = kieBase.getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> Decisions.GLOBAL.equals(g.getName())));
        return new Result(kieBase, Map.copyOf(drl), List.of(), rules, declaresDecisions, List.of(),
                Coverage.sites(drl, tables, kieBase));
    }

    /** A problem in a decision table's generated DRL is reported at the table row that generated it. */
    private static RuleProblem locate(RuleProblem problem, Map<String, DecisionTables.Translation> tables) {
        DecisionTables.Translation table = tables.get(problem.file());
        return table == null ? problem : table.locate(problem);
    }

    /**
     * Initialises Drools' service registry with the engine's class loader. Drools caches what the
     * first lookup finds, so it must happen before any other bundle's thread gets here.
     */
    static void initialiseDrools() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PackageCompiler.class.getClassLoader());
        try {
            KieServices.Factory.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}

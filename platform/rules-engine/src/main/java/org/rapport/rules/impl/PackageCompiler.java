package org.rapport.rules.impl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.drools.drl.parser.ParserError;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.io.ResourceFactory;
import org.rapport.rules.api.Decisions;
import org.rapport.rules.api.RuleProblem;

/**
 * Compiles the files of one rule package into a Drools {@link KieBase}, or into the list of
 * problems that stop it, each located by file, line and column. It goes through
 * {@link KnowledgeBuilder} with an explicit class loader rather than a {@code KieContainer}, so
 * nothing is left behind in the {@code KieRepository} when a release is replaced.
 */
final class PackageCompiler {

    /** What compiling a set of files produced: a knowledge base, or the problems that stop one. */
    static final class Result {
        final KieBase kieBase;
        final List<RuleProblem> problems;
        final int ruleCount;
        final boolean declaresDecisions;

        private Result(KieBase kieBase, List<RuleProblem> problems, int ruleCount, boolean declaresDecisions) {
            this.kieBase = kieBase;
            this.problems = problems;
            this.ruleCount = ruleCount;
            this.declaresDecisions = declaresDecisions;
        }

        boolean succeeded() {
            return kieBase != null;
        }

        static Result failed(List<RuleProblem> problems) {
            return new Result(null, problems, 0, false);
        }
    }

    Result compile(Map<String, String> files, ClassLoader classLoader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Drools discovers its services, and the knowledge base resolves fact classes, through the
        // context class loader; the package's loader sees both (the engine's loader comes first).
        thread.setContextClassLoader(classLoader);
        try {
            return doCompile(files, classLoader);
        } catch (RuntimeException e) {
            // Drools reports some failures by throwing, e.g. a fact class whose bundle is being refreshed.
            return new Result(null, List.of(new RuleProblem("(package)", 0, 0, "compilation failed: " + e.getMessage())),
                    0, false);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Result doCompile(Map<String, String> files, ClassLoader classLoader) {
        List<RuleProblem> problems = new ArrayList<>();
        if (files.isEmpty()) {
            problems.add(new RuleProblem("(package)", 0, 0, "no rule files"));
            return new Result(null, problems, 0, false);
        }
        problems.addAll(RulePolicy.check(rulesOnly(files)));
        if (!problems.isEmpty()) {
            return new Result(null, problems, 0, false);
        }
        KnowledgeBuilderConfiguration conf = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, classLoader);
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(conf);
        for (Map.Entry<String, String> file : files.entrySet()) {
            String name = file.getKey();
            if (ScenarioParser.isScenarioFile(name)) {
                continue;
            }
            ResourceType type = ResourceType.determineResourceType(name);
            if (type != ResourceType.DRL) {
                problems.add(new RuleProblem(name, 0, 0,
                        "unsupported file type; a rule package holds .drl rules and .yaml scenarios"));
                continue;
            }
            Resource resource = ResourceFactory.newByteArrayResource(file.getValue().getBytes(StandardCharsets.UTF_8));
            resource.setSourcePath(name);
            try {
                builder.add(resource, type);
            } catch (RuntimeException e) {
                problems.add(new RuleProblem(name, 0, 0, String.valueOf(e.getMessage())));
            }
        }
        for (KnowledgeBuilderResult r : builder.getResults(ResultSeverity.ERROR)) {
            problems.add(toProblem(r, files));
        }
        if (!problems.isEmpty()) {
            return new Result(null, problems, 0, false);
        }
        KieBase kieBase = builder.newKieBase();
        int rules = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
        boolean declaresDecisions = kieBase.getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> Decisions.GLOBAL.equals(g.getName())));
        return new Result(kieBase, List.of(), rules, declaresDecisions);
    }

    private static Map<String, String> rulesOnly(Map<String, String> files) {
        Map<String, String> rules = new java.util.TreeMap<>(files);
        rules.keySet().removeIf(ScenarioParser::isScenarioFile);
        return rules;
    }

    private static RuleProblem toProblem(KnowledgeBuilderResult result, Map<String, String> files) {
        String file = result.getResource() != null && result.getResource().getSourcePath() != null
                ? result.getResource().getSourcePath() : "(package)";
        int[] lines = result.getLines();
        int line = lines != null && lines.length > 0 ? Math.max(0, lines[0]) : 0;
        int column = result instanceof ParserError ? ((ParserError) result).getCol() : 0;
        String message = oneLine(result.getMessage());
        String source = files.get(file);
        if (source != null && line > 0) {
            String[] text = source.split("\\R", -1);
            if (line <= text.length) {
                // Drools may report a missing 'end' at a later line: show the text so the reader can judge.
                message = message + " [near: " + text[line - 1].strip() + "]";
            }
        }
        return new RuleProblem(file, line, column, message);
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*\\R\\s*", " ").strip();
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

package org.rapport.rules.impl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        /** The rule files as DRL, decision tables translated: what was compiled. */
        final Map<String, String> drl;
        final List<RuleProblem> problems;
        final int ruleCount;
        final boolean declaresDecisions;

        private Result(KieBase kieBase, Map<String, String> drl, List<RuleProblem> problems, int ruleCount,
                boolean declaresDecisions) {
            this.kieBase = kieBase;
            this.drl = drl;
            this.problems = problems;
            this.ruleCount = ruleCount;
            this.declaresDecisions = declaresDecisions;
        }

        boolean succeeded() {
            return kieBase != null;
        }

        static Result failed(List<RuleProblem> problems) {
            return new Result(null, Map.of(), problems, 0, false);
        }
    }

    /** How Drools quotes the expression or rule a problem is about, when it gives no line. */
    private static final List<Pattern> QUOTED_IN_MESSAGES = List.of(
            Pattern.compile("Unable to Analyse Expression (.+?):"),
            Pattern.compile("\\[Near : \\{\\.\\.\\. (.+?) \\.\\.\\.\\.\\}\\]"),
            Pattern.compile("(rule \"[^\"]+\")"));

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
            return Result.failed(List.of(new RuleProblem("(package)", 0, 0, "compilation failed: " + e.getMessage())));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Result doCompile(Map<String, String> files, ClassLoader classLoader) {
        List<RuleProblem> problems = new ArrayList<>();
        // Every rule file as DRL: decision tables are translated first, then checked and compiled alike.
        Map<String, String> drl = new TreeMap<>();
        Map<String, DecisionTables.Translation> tables = new HashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            String name = file.getKey();
            if (ScenarioParser.isScenarioFile(name)) {
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
                        + ".csv, .xls and .xlsx decision tables, and .yaml scenarios"));
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
        KnowledgeBuilderConfiguration conf = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, classLoader);
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(conf);
        for (Map.Entry<String, String> file : drl.entrySet()) {
            String name = file.getKey();
            Resource resource = ResourceFactory.newByteArrayResource(file.getValue().getBytes(StandardCharsets.UTF_8));
            resource.setSourcePath(name);
            try {
                builder.add(resource, ResourceType.DRL);
            } catch (RuntimeException e) {
                problems.add(new RuleProblem(name, 0, 0, String.valueOf(e.getMessage())));
            }
        }
        for (KnowledgeBuilderResult r : builder.getResults(ResultSeverity.ERROR)) {
            problems.add(locate(toProblem(r, drl), tables));
        }
        if (!problems.isEmpty()) {
            return Result.failed(problems);
        }
        KieBase kieBase = builder.newKieBase();
        int rules = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
        boolean declaresDecisions = kieBase.getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> Decisions.GLOBAL.equals(g.getName())));
        return new Result(kieBase, Map.copyOf(drl), List.of(), rules, declaresDecisions);
    }

    /** A problem in a decision table's generated DRL is reported at the table row that generated it. */
    private static RuleProblem locate(RuleProblem problem, Map<String, DecisionTables.Translation> tables) {
        DecisionTables.Translation table = tables.get(problem.file());
        return table == null ? problem : table.locate(problem);
    }

    private static RuleProblem toProblem(KnowledgeBuilderResult result, Map<String, String> files) {
        String file = result.getResource() != null && result.getResource().getSourcePath() != null
                ? result.getResource().getSourcePath() : "(package)";
        int[] lines = result.getLines();
        int line = lines != null && lines.length > 0 ? Math.max(0, lines[0]) : 0;
        int column = result instanceof ParserError ? ((ParserError) result).getCol() : 0;
        String message = oneLine(result.getMessage());
        String source = files.get(file);
        if (line == 0 && source != null) {
            line = lineNamedBy(message, source);
        }
        if (source != null && line > 0) {
            String[] text = source.split("\\R", -1);
            if (line <= text.length) {
                // Drools may report a missing 'end' at a later line: show the text so the reader can judge.
                message = message + " [near: " + text[line - 1].strip() + "]";
            }
        }
        return new RuleProblem(file, line, column, message);
    }

    /** Drools names some problems by the expression or rule alone: the first line of the file that holds it. */
    static int lineNamedBy(String message, String source) {
        for (Pattern quoted : QUOTED_IN_MESSAGES) {
            Matcher m = quoted.matcher(message);
            if (m.find()) {
                String wanted = m.group(1).strip();
                String[] lines = source.split("\\R", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (!wanted.isEmpty() && lines[i].contains(wanted)) {
                        return i + 1;
                    }
                }
            }
        }
        return 0;
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

package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kie.api.builder.Message;
import org.rapport.rules.api.RuleProblem;

/**
 * Puts what stops a compilation where the analyst wrote it. Drools reports problems of the rule
 * text by file and line, but some without a line, and problems of the Java it generates (a
 * consequence calling a method that does not exist) in the generated source; the sandbox reports
 * the member a compiled class refers to. Each is located in the rule files by the text it quotes,
 * with a real line and column.
 */
final class ModelProblems {

    /** How Drools quotes the expression or rule a problem is about, when it gives no line. */
    private static final List<Pattern> QUOTED_IN_MESSAGES = List.of(
            Pattern.compile("Unable to Analyse Expression (.+?):"),
            Pattern.compile("Unable to parse left part of expression: (.+)$"),
            Pattern.compile("Unable to find class: ([\\w.$]+)"),
            Pattern.compile("For input string: (\".*\")"),
            Pattern.compile("for the type ([\\w$]+)"),
            Pattern.compile("\\[Near : \\{\\.\\.\\. (.+?) \\.\\.\\.\\.\\}\\]"),
            Pattern.compile("(rule \"[^\"]+\")"));
    private static final String GENERATED_SOURCE = "Java source of ";
    private static final int LONGEST_QUOTE = 60;
    private static final int SHORTEST_QUOTE = 3;

    private ModelProblems() {
    }

    /** Drools' errors, each at a file, line and column of the rule files where that can be found. */
    static List<RuleProblem> locate(List<Message> errors, Map<String, String> fileNames, Map<String, String> drl) {
        Map<String, String> generated = new HashMap<>();
        for (Message error : errors) {
            String text = error.getText();
            if (text.startsWith(GENERATED_SOURCE) && text.indexOf('\n') > 0) {
                generated.put(error.getPath(), text.substring(text.indexOf('\n') + 1));
            }
        }
        List<RuleProblem> problems = new ArrayList<>();
        for (Message error : errors) {
            if (error.getText().startsWith(GENERATED_SOURCE)) {
                continue;
            }
            RuleProblem problem = error.getPath() != null && error.getPath().endsWith(".java")
                    ? inGeneratedJava(error, generated.get(error.getPath()), drl)
                    : inRuleFile(error, fileNames, drl);
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }
        return problems;
    }

    private static RuleProblem inRuleFile(Message error, Map<String, String> fileNames, Map<String, String> drl) {
        String path = error.getPath() == null ? "" : error.getPath();
        String message = oneLine(error.getText());
        String file = fileNames.entrySet().stream().filter(e -> path.endsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        if (file == null) {
            // Not one of the rule files (a declared type's generated source, say): where its text is quoted.
            return quoted(message, drl);
        }
        String source = drl.get(file);
        int line = Math.max(0, error.getLine());
        int column = Math.max(0, error.getColumn());
        if (source != null && line > source.split("\\R", -1).length) {
            line = 0; // Drools counts some lines in text it generated from the file
        }
        if (source != null && line == 0) {
            int[] at = quotedIn(message, source);
            line = at[0];
            column = at[1];
        }
        if (source != null && line > 0 && column == 0) {
            column = firstColumn(source, line);
        }
        return new RuleProblem(file, line, column, message);
    }

    /** A problem in generated Java: found in the rule files by the code it points at. */
    private static RuleProblem inGeneratedJava(Message error, String generated, Map<String, String> drl) {
        String message = oneLine(error.getText());
        if (generated != null && error.getLine() > 0) {
            String[] lines = generated.split("\\R", -1);
            if (error.getLine() <= lines.length) {
                String code = lines[error.getLine() - 1];
                int from = Math.max(0, Math.min(code.length(), error.getColumn() - 1));
                RuleProblem found = find(code.substring(from), drl, message);
                if (found != null) {
                    return found;
                }
            }
        }
        return quoted(message, drl);
    }

    /** What Drools threw while compiling, located by what its message quotes. */
    static RuleProblem thrown(RuntimeException e, Map<String, String> drl) {
        return quoted("compilation failed: " + oneLine(String.valueOf(e.getMessage())), drl);
    }

    /** A problem at the first place a rule file holds what its message quotes. */
    private static RuleProblem quoted(String message, Map<String, String> drl) {
        for (Map.Entry<String, String> file : drl.entrySet()) {
            int[] at = quotedIn(message, file.getValue());
            if (at[0] > 0) {
                return new RuleProblem(file.getKey(), at[0], at[1], message);
            }
        }
        return new RuleProblem(drl.size() == 1 ? drl.keySet().iterator().next() : "(package)", 0, 0, message);
    }

    /** A violation of the sandbox, at the first place the rule files name what it refuses. */
    static RuleProblem locate(Sandbox.Violation violation, Map<String, String> drl) {
        for (Map.Entry<String, String> file : drl.entrySet()) {
            String code = RulePolicy.blankCommentsAndStrings(file.getValue());
            Matcher m = Pattern.compile(violation.search()).matcher(code);
            if (!violation.search().isEmpty() && m.find()) {
                int[] at = position(code, m.start());
                return new RuleProblem(file.getKey(), at[0], at[1], violation.message());
            }
        }
        String file = drl.size() == 1 ? drl.keySet().iterator().next() : "(package)";
        return new RuleProblem(file, 0, 0, violation.message());
    }

    /** The longest start of {@code code} that a rule file holds, as a problem there. */
    private static RuleProblem find(String code, Map<String, String> drl, String message) {
        for (int length = Math.min(LONGEST_QUOTE, code.length()); length >= SHORTEST_QUOTE; length--) {
            String quote = code.substring(0, length);
            for (Map.Entry<String, String> file : drl.entrySet()) {
                int index = file.getValue().indexOf(quote);
                if (index >= 0) {
                    int[] at = position(file.getValue(), index);
                    return new RuleProblem(file.getKey(), at[0], at[1], message);
                }
            }
        }
        return null;
    }

    /** Line and column of the first line of the source holding what the message quotes, or zeros. */
    static int[] quotedIn(String message, String source) {
        for (Pattern quoted : QUOTED_IN_MESSAGES) {
            Matcher m = quoted.matcher(message);
            if (m.find()) {
                String wanted = m.group(1).strip();
                int index = wanted.isEmpty() ? -1 : source.indexOf(wanted);
                if (index >= 0) {
                    return position(source, index);
                }
            }
        }
        return new int[] {0, 0};
    }

    private static int firstColumn(String source, int line) {
        String[] lines = source.split("\\R", -1);
        if (line > lines.length) {
            return 0;
        }
        String text = lines[line - 1];
        return text.length() - text.stripLeading().length() + 1;
    }

    static int[] position(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, index - lineStart + 1};
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}

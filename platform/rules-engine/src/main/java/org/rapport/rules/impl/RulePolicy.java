package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rapport.rules.api.RuleProblem;

/**
 * The part of the rules' sandbox that reads rule text: statements that have no place in a rule
 * (loops, locks) and Unicode escapes, each reported with file, line and column before anything is
 * compiled. It only makes messages early and precise; what holds the rules in is {@link Sandbox},
 * which judges the compiled classes, and the class loader they run in ({@link FactClassLoader}).
 */
final class RulePolicy {

    private static final String NO_LOOPS =
            "rules may not loop; match each item with a pattern ('from', 'accumulate') instead";

    /**
     * Statements that could keep a consequence from ever returning: the time budget halts a
     * session between rule firings but cannot stop one that never ends.
     */
    private static final Map<String, String> FORBIDDEN_STATEMENTS = Map.of(
            "while", NO_LOOPS,
            "for", NO_LOOPS,
            "do", NO_LOOPS,
            "synchronized", "rules may not take locks");

    private RulePolicy() {
    }

    /** Every place in the files that breaks the policy. */
    static List<RuleProblem> check(Map<String, String> files) {
        List<RuleProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            scan(file.getKey(), file.getValue(), problems);
        }
        return problems;
    }

    private static void scan(String file, String text, List<RuleProblem> problems) {
        unicodeEscapes(file, text, problems);
        String code = blankCommentsAndStrings(text);
        int line = 1;
        int column = 1;
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                int startColumn = column;
                while (i < code.length() && (Character.isJavaIdentifierPart(code.charAt(i)) || isQualifiedDot(code, i))) {
                    i++;
                    column++;
                }
                checkName(file, code.substring(start, i), line, startColumn, problems);
                continue;
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i++;
        }
    }

    /** A dot inside a qualified name ({@code java.io.File}), as opposed to a method call on a value. */
    private static boolean isQualifiedDot(String code, int i) {
        return code.charAt(i) == '.' && i + 1 < code.length() && Character.isJavaIdentifierStart(code.charAt(i + 1));
    }

    private static void checkName(String file, String qualified, int line, int column, List<RuleProblem> problems) {
        String statement = FORBIDDEN_STATEMENTS.get(qualified);
        if (statement != null) {
            problems.add(new RuleProblem(file, line, column, "not allowed in rules: '" + qualified + "': " + statement));
        }
    }

    /**
     * Java reads a Unicode escape anywhere, comments included, before anything else: one could end
     * a comment or a string where the text seems to go on. Rules write characters as themselves.
     */
    private static void unicodeEscapes(String file, String text, List<RuleProblem> problems) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == 'u') {
                problems.add(new RuleProblem(file, line, column, "not allowed in rules: a Unicode escape ('\\u'); "
                        + "write the character itself"));
                return;
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }

    /**
     * The text with comments and the contents of string and character literals replaced by
     * spaces, keeping every line break, so positions stay those of the original file.
     */
    static String blankCommentsAndStrings(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '/' && next == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '#' ) {
                // DRL also accepts '#' line comments.
                while (i < text.length() && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && next == '*') {
                while (i < text.length() && !(text.charAt(i) == '*' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                    out.append(text.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                if (i < text.length()) {
                    out.append("  ");
                    i += 2;
                }
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        out.append(' ');
                        i++;
                    }
                    out.append(' ');
                    i++;
                }
                if (i < text.length()) {
                    out.append(text.charAt(i));
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}

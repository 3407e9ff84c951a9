package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rapport.rules.api.RuleProblem;

/**
 * What rule files may not do: reach the file system, processes, the network, reflection or
 * class loading, or the container, or loop. Business analysts write rules; they must not be able to run
 * arbitrary code on the server through one.
 *
 * <p>Two layers enforce it. This class scans the rule text (comments and string literals
 * removed) for the names that lead there and reports each with file, line and column; the
 * package's class loader refuses the same types ({@link #isForbiddenType}), so Java code in a
 * rule that names them cannot compile or link even if it slipped past the scan.
 */
final class RulePolicy {

    /** Identifiers that lead out of the rule's sandbox, with the reason shown to the author. */
    private static final Map<String, String> FORBIDDEN_NAMES = Map.ofEntries(
            Map.entry("getClass", "reflection"),
            Map.entry("forName", "class loading"),
            Map.entry("getClassLoader", "class loading"),
            Map.entry("ClassLoader", "class loading"),
            Map.entry("getMethod", "reflection"),
            Map.entry("getMethods", "reflection"),
            Map.entry("getDeclaredMethod", "reflection"),
            Map.entry("getDeclaredMethods", "reflection"),
            Map.entry("getField", "reflection"),
            Map.entry("getDeclaredField", "reflection"),
            Map.entry("getConstructor", "reflection"),
            Map.entry("getDeclaredConstructor", "reflection"),
            Map.entry("newInstance", "reflection"),
            Map.entry("invoke", "reflection"),
            Map.entry("setAccessible", "reflection"),
            Map.entry("MethodHandles", "reflection"),
            Map.entry("Unsafe", "reflection"),
            Map.entry("Runtime", "processes"),
            Map.entry("ProcessBuilder", "processes"),
            Map.entry("Process", "processes"),
            Map.entry("exec", "processes"),
            Map.entry("System", "the JVM"),
            Map.entry("Thread", "threads"),
            Map.entry("Executors", "threads"),
            Map.entry("File", "the file system"),
            Map.entry("Files", "the file system"),
            Map.entry("Paths", "the file system"),
            Map.entry("FileInputStream", "the file system"),
            Map.entry("FileOutputStream", "the file system"),
            Map.entry("FileReader", "the file system"),
            Map.entry("FileWriter", "the file system"),
            Map.entry("RandomAccessFile", "the file system"),
            Map.entry("Socket", "the network"),
            Map.entry("ServerSocket", "the network"),
            Map.entry("URL", "the network"),
            Map.entry("URI", "the network"),
            Map.entry("HttpClient", "the network"),
            Map.entry("InetAddress", "the network"),
            Map.entry("ScriptEngineManager", "scripting"),
            Map.entry("InitialContext", "naming"),
            Map.entry("FrameworkUtil", "the container"),
            Map.entry("BundleContext", "the container"));

    /**
     * Statements that could keep a consequence from ever returning: the time budget halts a
     * session between rule firings but cannot stop one that never ends.
     */
    private static final Map<String, String> FORBIDDEN_STATEMENTS = Map.of(
            "while", "rules may not loop; match each item with a pattern ('from', 'accumulate') instead",
            "for", "rules may not loop; match each item with a pattern ('from', 'accumulate') instead",
            "do", "rules may not loop; match each item with a pattern ('from', 'accumulate') instead",
            "synchronized", "rules may not take locks");

    /** Package prefixes a rule may not import or name. */
    private static final List<String> FORBIDDEN_PACKAGES = List.of(
            "java.io.", "java.nio.", "java.net.", "java.lang.reflect.", "java.lang.invoke.", "java.lang.instrument.",
            "java.lang.management.", "java.util.concurrent.", "java.sql.", "javax.script.", "javax.naming.",
            "javax.management.", "javax.tools.", "sun.", "com.sun.", "jdk.", "org.osgi.", "org.apache.karaf.",
            "org.apache.felix.", "org.eclipse.", "org.kie.", "org.drools.", "org.mvel2.");

    /** Types the package class loader refuses outright, whatever the rule text looked like. */
    private static final Set<String> FORBIDDEN_TYPES = Set.of(
            "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
            "java.lang.System", "java.lang.Thread", "java.lang.ThreadGroup", "java.lang.ClassLoader",
            "java.lang.Module", "java.lang.ModuleLayer", "java.lang.StackWalker", "java.lang.SecurityManager");

    /** Types the generated rule classes need (DRL functions are compiled as Externalizable classes). */
    private static final Set<String> ALLOWED_IN_FORBIDDEN_PACKAGES = Set.of(
            "java.io.Serializable", "java.io.Externalizable", "java.io.ObjectInput", "java.io.ObjectOutput",
            "java.io.IOException", "java.io.UncheckedIOException");

    private RulePolicy() {
    }

    /** Whether rule code may resolve the class {@code name} (binary name, dots). */
    static boolean isForbiddenType(String name) {
        if (FORBIDDEN_TYPES.contains(name)) {
            return true;
        }
        if (ALLOWED_IN_FORBIDDEN_PACKAGES.contains(name)) {
            return false;
        }
        for (String prefix : FORBIDDEN_PACKAGES) {
            // Drools' own packages are needed by generated rule classes; the scan keeps authors from naming them.
            if (name.startsWith(prefix) && !prefix.equals("org.kie.") && !prefix.equals("org.drools.")
                    && !prefix.equals("org.mvel2.")) {
                return true;
            }
        }
        return false;
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
        String dotted = qualified + ".";
        for (String prefix : FORBIDDEN_PACKAGES) {
            if (dotted.startsWith(prefix) && !ALLOWED_IN_FORBIDDEN_PACKAGES.contains(qualified)) {
                problems.add(new RuleProblem(file, line, column,
                        "forbidden: '" + qualified + "': rules may not use " + prefix + "*"));
                return;
            }
        }
        String statement = FORBIDDEN_STATEMENTS.get(qualified);
        if (statement != null) {
            problems.add(new RuleProblem(file, line, column, "forbidden: '" + qualified + "': " + statement));
            return;
        }
        int offset = 0;
        for (String part : qualified.split("\\.")) {
            String reason = FORBIDDEN_NAMES.get(part);
            if (reason != null) {
                problems.add(new RuleProblem(file, line, column + offset,
                        "forbidden: '" + part + "': rules may not reach " + reason));
            }
            offset += part.length() + 1;
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

package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.rapport.rules.api.RuleCoverage;

/**
 * Which rules of a package its scenarios fire. The rules are found where their files declare
 * them ({@code rule "name"} at the start of a line; a decision table's rule at its row), and
 * every rule the knowledge base holds is listed, so none escapes the count.
 */
final class Coverage {

    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+))");
    /** Where a rule is declared when no line of its files declares it as written. */
    static final String UNKNOWN_FILE = "(package)";

    private Coverage() {
    }

    /**
     * Every rule of a compiled package, in the order its files declare them, each with where it
     * is declared and nobody firing it yet.
     */
    static List<RuleCoverage> sites(Map<String, String> drl, Map<String, DecisionTables.Translation> tables,
            KieBase kieBase) {
        Set<String> compiled = new LinkedHashSet<>();
        kieBase.getKiePackages().forEach(p -> p.getRules().stream()
                .filter(r -> !(r instanceof RuleImpl impl && impl.isQuery()))
                .forEach(r -> compiled.add(r.getName())));
        List<RuleCoverage> sites = new ArrayList<>();
        for (Map.Entry<String, String> file : drl.entrySet()) {
            DecisionTables.Translation table = tables.get(file.getKey());
            String[] lines = file.getValue().split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = RULE.matcher(lines[i]);
                if (m.find()) {
                    String name = m.group(1) != null ? m.group(1).replace("\\\"", "\"")
                            : m.group(2) != null ? m.group(2) : m.group(3);
                    if (compiled.remove(name)) {
                        sites.add(new RuleCoverage(name, file.getKey(), table == null ? i + 1 : table.row(i + 1),
                                List.of()));
                    }
                }
            }
        }
        compiled.forEach(name -> sites.add(new RuleCoverage(name, UNKNOWN_FILE, 0, List.of())));
        return List.copyOf(sites);
    }

    /** The rules with the scenarios that fired each ({@code file:line name}, by rule name). */
    static List<RuleCoverage> of(List<RuleCoverage> sites, Map<String, List<String>> firedBy) {
        return sites.stream().map(s -> new RuleCoverage(s.rule(), s.file(), s.line(),
                firedBy.getOrDefault(s.rule(), List.of()))).toList();
    }
}

package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.rapport.rules.api.RuleProblem;

/**
 * What a package declares about the decisions it makes, in comment lines of its rule files that
 * Drools ignores and the gate's static checks read:
 * <ul>
 * <li>{@code // @decision loyalty.set-tier always for MemberActivity( currentTier == null )}: every
 * such fact gets that decision from some rule (the gap check);</li>
 * <li>{@code // @decision loyalty.earn many}: a subject may get several of them at once, so rules
 * making different ones on the same facts do not conflict;</li>
 * <li>{@code // @decision retention.at-risk per trigger}: decisions with different values of that
 * attribute are different decisions (one per trigger), only the same trigger decided differently
 * conflicts.</li>
 * </ul>
 * Without a declaration a subject gets at most one decision of a kind, so two rules deciding it
 * differently on the same facts conflict.
 */
final class DecisionDeclarations {

    /** A decision every fact of a type matching a condition must get. */
    record Always(String kind, String file, int line, String type, Region region) {
    }

    private static final Pattern DECLARATION = Pattern.compile("^\\s*//\\s*@decision\\b(.*)$");
    private static final Pattern ALWAYS = Pattern.compile("\\s*(\\S+)\\s+always\\s+for\\s+(.+?)\\s*");
    private static final Pattern MANY = Pattern.compile("\\s*(\\S+)\\s+many\\s*");
    private static final Pattern PER = Pattern.compile("\\s*(\\S+)\\s+per\\s+([A-Za-z_][\\w.-]*)\\s*");

    final List<Always> always = new ArrayList<>();
    /** Kinds of which a subject may get several. */
    final List<String> many = new ArrayList<>();
    /** Kinds whose decisions are told apart by an attribute: kind to attribute. */
    final Map<String, String> per = new HashMap<>();
    final List<RuleProblem> problems = new ArrayList<>();

    /** Reads the declarations of one rule file. */
    void read(String file, String drl, FactTypes types) {
        String[] lines = drl.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher declaration = DECLARATION.matcher(lines[i]);
            if (!declaration.matches()) {
                continue;
            }
            String text = declaration.group(1);
            Matcher m;
            if ((m = ALWAYS.matcher(text)).matches()) {
                Always declared = always(m.group(1), file, i + 1, m.group(2), types);
                if (declared != null) {
                    always.add(declared);
                }
            } else if ((m = MANY.matcher(text)).matches()) {
                many.add(m.group(1));
            } else if ((m = PER.matcher(text)).matches()) {
                per.put(m.group(1), m.group(2));
            } else {
                problems.add(new RuleProblem(file, i + 1, 0, "@decision: expected '@decision <kind> always for "
                        + "<Type>(<conditions>)', '@decision <kind> many' or '@decision <kind> per <attribute>', "
                        + "found '@decision" + text + "'"));
            }
        }
    }

    private Always always(String kind, String file, int line, String pattern, FactTypes types) {
        PackageDescr parsed = RuleShapes.parse("rule \"declaration\"\nwhen\n" + pattern + "\nthen\nend\n");
        if (parsed == null || parsed.getRules().size() != 1
                || parsed.getRules().get(0).getLhs().getDescrs().size() != 1
                || !(parsed.getRules().get(0).getLhs().getDescrs().get(0) instanceof PatternDescr descr)
                || descr.getSource() != null) {
            problems.add(new RuleProblem(file, line, 0, "@decision " + kind + " always for: expected one fact type "
                    + "with its conditions, e.g. 'MemberActivity( currentTier == null )', found '" + pattern + "'"));
            return null;
        }
        Region region = Constraints.of(descr, types);
        if (!region.exact) {
            problems.add(new RuleProblem(file, line, 0, "@decision " + kind + " always for: only comparisons of the "
                    + "fact's fields with literals or constants can be checked, found '" + pattern + "'"));
            return null;
        }
        return new Always(kind, file, line, descr.getObjectType(), region);
    }
}

package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.drools.drl.ast.descr.PackageDescr;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RuleFinding.Check;
import org.rapport.rules.api.RuleProblem;

/**
 * The gate's static checks of a rule package, from its text alone ({@link RuleShapes}): nothing is
 * compiled, loaded or run, so they hold wherever the gate runs and cannot weaken the sandbox.
 * <ul>
 * <li>conflict: two rules whose conditions overlap decide the same kind about the same subject
 * differently (a literal attribute differs), with neither a different salience nor a shared
 * activation group to settle it; the overlap is decided pattern by pattern of the fact types both
 * rules match ({@link RuleOverlap}), and two such rules whose overlap the analysis cannot decide are
 * reported as not compared, never passed as clean;</li>
 * <li>unreachable: a rule whose conditions contradict each other, or whose facts always fire a
 * higher-salience rule of its activation group first;</li>
 * <li>gap: facts a package declares always get a decision ({@link DecisionDeclarations}) for which
 * no rule makes it;</li>
 * <li>table overlap and table gap ({@link TableGaps}): the same for the rows of a decision table,
 * and combinations of values between its rows (over every number its rows test) no row covers.</li>
 * </ul>
 * What the analysis cannot read (a method call, a date, arithmetic in a condition) is taken to let
 * every fact through: no rule is called unreachable, and no gap claimed, on account of it, and a
 * rule with such a condition is never said to conflict: where it decides differently from another
 * rule that may fire on the same facts, the pair is reported as not compared.
 */
final class RuleChecks {

    /** A rule and where it is: its file, and its line, or its row for a decision table. */
    record Located(RuleShapes.Shaped rule, String file, int line, boolean table) {
        String location() {
            return file + ":" + line;
        }
    }

    /** What the checks found, and declarations they could not read. */
    record Outcome(List<RuleFinding> findings, List<RuleProblem> problems) {
    }

    private final CheckPolicy policy;
    private final FactTypes types;
    private final List<RuleFinding> findings = new ArrayList<>();

    private RuleChecks(CheckPolicy policy, FactTypes types) {
        this.policy = policy;
        this.types = types;
    }

    /** Checks a package's files (rules, decision tables; scenarios are left alone). */
    static Outcome run(Map<String, String> files, ClassLoader loader, CheckPolicy policy) {
        RuleChecks checks = new RuleChecks(policy, new FactTypes(loader));
        DecisionDeclarations declarations = new DecisionDeclarations();
        List<Located> rules = new ArrayList<>();
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            String name = file.getKey();
            DecisionTables.Translation table = null;
            String drl = file.getValue();
            if (RuleFiles.isDecisionTable(name)) {
                try {
                    table = DecisionTables.translate(name, drl);
                    drl = table.drl;
                } catch (DecisionTables.Unreadable e) {
                    continue; // the compiler says why
                }
            } else if (!RuleFiles.isDrl(name)) {
                continue;
            }
            PackageDescr descr = RuleShapes.parse(drl);
            if (descr == null) {
                continue;
            }
            FactTypes fileTypes = checks.types.withImports(descr);
            for (RuleShapes.Shaped rule : RuleShapes.read(descr, fileTypes)) {
                rules.add(new Located(rule, name, table == null ? rule.line() : table.row(rule.line()), table != null));
            }
            if (table == null) {
                declarations.read(name, drl, fileTypes);
            }
        }
        // A check that is off costs nothing (the pairs of rules are many in a large package).
        if (policy.mode(Check.UNREACHABLE) != CheckPolicy.Mode.OFF) {
            checks.unreachable(rules);
        }
        if (policy.mode(Check.CONFLICT) != CheckPolicy.Mode.OFF || policy.mode(Check.TABLE_OVERLAP) != CheckPolicy.Mode.OFF
                || policy.mode(Check.NOT_COMPARED) != CheckPolicy.Mode.OFF) {
            checks.conflicts(rules, declarations);
        }
        if (policy.mode(Check.GAP) != CheckPolicy.Mode.OFF) {
            checks.gaps(rules, declarations);
        }
        if (policy.mode(Check.TABLE_GAP) != CheckPolicy.Mode.OFF) {
            TableGaps.find(rules, checks.types, checks::report);
        }
        checks.findings.sort(Comparator.comparing(RuleFinding::file).thenComparingInt(RuleFinding::line));
        return new Outcome(List.copyOf(checks.findings), List.copyOf(declarations.problems));
    }

    void report(Check check, String file, int line, List<String> rules, String message) {
        CheckPolicy.Mode mode = policy.mode(check);
        if (mode != CheckPolicy.Mode.OFF) {
            findings.add(new RuleFinding(check, mode == CheckPolicy.Mode.REFUSE, file, line, rules, message));
        }
    }

    private void unreachable(List<Located> rules) {
        for (Located rule : rules) {
            for (RuleShapes.Shape shape : rule.rule().shapes()) {
                if (shape.region().empty()) {
                    report(Check.UNREACHABLE, rule.file(), rule.line(), List.of(rule.rule().name()), "rule '"
                            + rule.rule().name() + "' can never fire: its conditions on " + shape.type()
                            + " contradict each other");
                    break;
                }
            }
        }
        for (Located later : rules) {
            String group = later.rule().activationGroup();
            if (group == null || later.rule().salience() == null || later.rule().shapes().stream().anyMatch(s -> s.region().empty())) {
                continue;
            }
            for (Located first : rules) {
                RuleShapes.Shaped winner = first.rule();
                if (first == later || !group.equals(winner.activationGroup()) || winner.salience() == null
                        || winner.salience() <= later.rule().salience() || !winner.complete() || winner.shapes().size() != 1
                        || !Objects.equals(winner.agendaGroup(), later.rule().agendaGroup())) {
                    continue;
                }
                RuleShapes.Shape over = winner.shapes().get(0);
                RuleShapes.Shape mine = later.rule().over(over.type());
                if (mine != null && mine.region().within(over.region(), types.fieldsOf(over.type()))) {
                    report(Check.UNREACHABLE, later.file(), later.line(), List.of(later.rule().name(), winner.name()),
                            "rule '" + later.rule().name() + "' can never fire: every " + over.type() + " it matches "
                                    + "fires '" + winner.name() + "' first (salience " + winner.salience() + " > "
                                    + later.rule().salience() + ", activation-group \"" + group + "\")");
                    break;
                }
            }
        }
    }

    private void conflicts(List<Located> rules, DecisionDeclarations declarations) {
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                conflict(rules.get(i), rules.get(j), declarations);
            }
        }
    }

    private void conflict(Located a, Located b, DecisionDeclarations declarations) {
        RuleShapes.Shaped x = a.rule();
        RuleShapes.Shaped y = b.rule();
        if (!Objects.equals(x.agendaGroup(), y.agendaGroup())
                || x.salience() != null && y.salience() != null && !x.salience().equals(y.salience())
                || x.activationGroup() != null && x.activationGroup().equals(y.activationGroup())) {
            return; // never on the agenda together, or settled
        }
        for (RuleShapes.Made one : x.decisions()) {
            for (RuleShapes.Made other : y.decisions()) {
                String difference = difference(one, other, declarations);
                if (difference != null) {
                    conflict(a, b, one, difference);
                    return;
                }
            }
        }
    }

    /** Two rules that decide differently: whether they can fire on the same facts decides what is reported. */
    private void conflict(Located a, Located b, RuleShapes.Made one, String difference) {
        RuleShapes.Shaped x = a.rule();
        RuleShapes.Shaped y = b.rule();
        RuleOverlap.Result overlap = RuleOverlap.of(x, y, types);
        if (overlap.verdict() == RuleOverlap.Verdict.EXCLUSIVE) {
            return;
        }
        boolean table = a.table() && b.table() && a.file().equals(b.file());
        String both = (table ? "rows " + a.line() + " and " + b.line() : "rules") + " '" + x.name() + "' and '"
                + y.name() + "'" + (table || a.file().equals(b.file()) ? "" : " (" + b.location() + ")")
                + " both decide " + one.kind() + " about " + one.subject() + ", differently (" + difference + ")";
        if (overlap.verdict() == RuleOverlap.Verdict.OVERLAP) {
            report(table ? Check.TABLE_OVERLAP : Check.CONFLICT, a.file(), a.line(), List.of(x.name(), y.name()),
                    both + ", for " + String.join(" and for ", overlap.where()) + "; make their conditions exclusive, "
                            + "or settle it with a salience or an activation-group");
        } else {
            report(Check.NOT_COMPARED, a.file(), a.line(), List.of(x.name(), y.name()), both
                    + (overlap.where().isEmpty() ? "" : ", maybe for " + String.join(" and for ", overlap.where()))
                    + "; not compared: " + overlap.reason() + ", so whether they fire on the same facts is not "
                    + "known; make their conditions plainly exclusive, or settle it with a salience or an "
                    + "activation-group");
        }
    }

    /** How two decisions of the same kind about the same subject differ in a literal attribute, or null. */
    private static String difference(RuleShapes.Made one, RuleShapes.Made other, DecisionDeclarations declarations) {
        if (!one.kind().equals(other.kind()) || !one.subject().equals(other.subject())
                || declarations.many.contains(one.kind())) {
            return null;
        }
        String key = declarations.per.get(one.kind());
        if (key != null && !Objects.equals(one.attributes().get(key), other.attributes().get(key))) {
            return null; // different keys, or one computed: different decisions
        }
        for (Map.Entry<String, String> attribute : one.attributes().entrySet()) {
            String mine = attribute.getValue();
            String theirs = other.attributes().get(attribute.getKey());
            if (mine != null && theirs != null && !mine.equals(theirs)) {
                return attribute.getKey() + " " + mine + " / " + theirs;
            }
        }
        return null;
    }

    private void gaps(List<Located> rules, DecisionDeclarations declarations) {
        for (DecisionDeclarations.Always always : declarations.always) {
            Function<String, Domain.Field> fields = types.fieldsOf(always.type());
            Region covered = Region.NOTHING;
            boolean related = true;
            for (Located rule : rules) {
                if (rule.rule().decisions().stream().anyMatch(d -> d.kind().equals(always.kind()))) {
                    // A rule deciding it over other facts only may cover any of these: not analysed.
                    related &= rule.rule().shapes().stream().anyMatch(shape -> shape.type().equals(always.type()));
                    for (RuleShapes.Shape shape : rule.rule().shapes()) {
                        if (shape.type().equals(always.type())) {
                            covered = covered.or(shape.region());
                        }
                    }
                }
            }
            Region gaps = related ? always.region().minus(covered, fields) : null;
            if (gaps == null || gaps.empty()) {
                continue; // covered, or past what can be analysed
            }
            List<String> described = gaps.boxes.stream().map(box -> Region.describe(box, fields)).distinct()
                    .collect(Collectors.toList());
            report(Check.GAP, always.file(), always.line(), List.of(), "no rule decides " + always.kind() + " for "
                    + always.type() + " where " + String.join("; or where ", described.subList(0, Math.min(5, described.size())))
                    + (described.size() > 5 ? "; and " + (described.size() - 5) + " more" : "")
                    + " (the package declares it always decides it)");
        }
    }
}

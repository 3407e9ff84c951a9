package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.rapport.rules.api.RuleFinding.Check;

/**
 * Missing rows of decision tables: for each kind of decision a table's rows make, the values
 * between the lowest and the highest bound the rows cover that no row covers. A table whose rows
 * test one number: the values of it no row covers ({@code qualifyingPoints in [100, 200)} between a
 * row up to 100 and one from 200). A table whose rows test several numbers (a column per number):
 * the combinations of values no row covers, within the span the rows cover on each number
 * ({@code qualifyingPoints in [1000, 5000), monthsAsMember in [12, 24)} when the rows from 1,000
 * points start at 24 months and those from 12 months stop at 1,000 points). Each row is taken with
 * all it could match on what is not a number (its other conditions are left aside), so a value or
 * combination is reported only if no row of the kind could cover it.
 */
final class TableGaps {

    /** Where a finding goes. */
    @FunctionalInterface
    interface Report {
        void report(Check check, String file, int line, List<String> rules, String message);
    }

    private TableGaps() {
    }

    static void find(List<RuleChecks.Located> rules, FactTypes types, Report report) {
        Map<String, List<RuleChecks.Located>> byTableAndKind = new LinkedHashMap<>();
        for (RuleChecks.Located rule : rules) {
            if (!rule.table()) {
                continue;
            }
            for (RuleShapes.Made made : rule.rule().decisions()) {
                List<RuleChecks.Located> rows = byTableAndKind.computeIfAbsent(rule.file() + "\n" + made.kind(),
                        k -> new ArrayList<>());
                if (!rows.contains(rule)) {
                    rows.add(rule);
                }
            }
        }
        byTableAndKind.forEach((key, rows) -> {
            String kind = key.substring(key.indexOf('\n') + 1);
            Set<String> types0 = new LinkedHashSet<>();
            rows.forEach(r -> r.rule().shapes().forEach(s -> types0.add(s.type())));
            for (String type : types0) {
                Function<String, Domain.Field> fields = types.fieldsOf(type);
                Set<String> tested = new LinkedHashSet<>();
                rows.forEach(r -> shapes(r, type).forEach(s -> s.region().boxes.forEach(b -> tested.addAll(b.keySet()))));
                tested.removeIf(field -> !fields.apply(field).numeric());
                if (tested.size() == 1) {
                    String field = tested.iterator().next();
                    holes(rows, type, field, fields.apply(field), kind, report);
                } else if (tested.size() > 1) {
                    TableCombinations.holes(rows, type, List.copyOf(tested), fields, kind, report);
                }
            }
        });
    }

    static List<RuleShapes.Shape> shapes(RuleChecks.Located row, String type) {
        return row.rule().shapes().stream().filter(s -> s.type().equals(type)).toList();
    }

    private static void holes(List<RuleChecks.Located> rows, String type, String field, Domain.Field kind,
            String decision, Report report) {
        Domain covered = Domain.NONE;
        for (RuleChecks.Located row : rows) {
            List<RuleShapes.Shape> shapes = shapes(row, type);
            if (shapes.isEmpty()) {
                return; // a row over other facts: its numbers are not this field's
            }
            for (RuleShapes.Shape shape : shapes) {
                for (Map<String, Domain> box : shape.region().boxes) {
                    Domain values = box.get(field);
                    if (values == null) {
                        return; // a row for any value of the field
                    }
                    covered = covered.or(values, kind);
                }
            }
        }
        for (Domain.Interval hole : covered.complement(kind).numbers) {
            if (hole.low() == null || hole.high() == null) {
                continue; // below the lowest row or above the highest: not between rows
            }
            RuleChecks.Located before = null;
            RuleChecks.Located after = null;
            for (RuleChecks.Located row : rows) {
                for (RuleShapes.Shape shape : shapes(row, type)) {
                    for (Map<String, Domain> box : shape.region().boxes) {
                        for (Domain.Interval i : box.get(field).numbers) {
                            if (i.high() != null && i.high().compareTo(hole.low()) <= 0 && before == null) {
                                before = row;
                            }
                            if (i.low() != null && i.low().compareTo(hole.high()) >= 0 && after == null) {
                                after = row;
                            }
                        }
                    }
                }
            }
            RuleChecks.Located at = after != null ? after : before != null ? before : rows.get(0);
            List<String> names = new ArrayList<>();
            if (before != null) {
                names.add(before.rule().name());
            }
            if (after != null && after != before) {
                names.add(after.rule().name());
            }
            report.report(Check.TABLE_GAP, at.file(), at.line(), names, "no row decides " + decision + " for " + type
                    + " where " + field + " " + describe(hole) + (before != null && after != null
                            ? ", between rows " + before.line() + " and " + after.line() : "")
                    + "; add a row for those values, or widen a neighbouring row");
        }
    }

    private static String describe(Domain.Interval hole) {
        String text = hole.toString();
        return text.startsWith("[") || text.startsWith("(") ? "in " + text : text;
    }
}

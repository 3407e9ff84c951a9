package org.rapport.rules.impl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.rapport.rules.api.RuleFinding.Check;

/**
 * The gaps of a decision table whose rows test several numbers ({@link TableGaps}): the
 * combinations of values no row covers. The span of each number is what the rows that test it
 * cover, from the lowest bound to the highest (values below or above every row are not between
 * rows); the combinations of those spans that no row covers are the gaps. Each row is taken with
 * all it could match on anything else, so a combination is reported only if no row could cover it.
 */
final class TableCombinations {

    /** How many combinations a finding spells out. */
    private static final int SHOWN = 5;

    private TableCombinations() {
    }

    static void holes(List<RuleChecks.Located> rows, String type, List<String> numbers,
            Function<String, Domain.Field> fields, String decision, TableGaps.Report report) {
        Region covered = Region.NOTHING;
        Map<String, Span> spans = new HashMap<>();
        for (RuleChecks.Located row : rows) {
            List<RuleShapes.Shape> shapes = TableGaps.shapes(row, type);
            if (shapes.isEmpty()) {
                return; // a row over other facts: its numbers are not these
            }
            for (RuleShapes.Shape shape : shapes) {
                for (Map<String, Domain> box : shape.region().boxes) {
                    Map<String, Domain> projected = new HashMap<>();
                    for (String number : numbers) {
                        Domain values = box.get(number);
                        if (values != null) {
                            projected.put(number, values);
                            spans.computeIfAbsent(number, n -> new Span()).widen(values);
                        }
                    }
                    covered = covered.or(new Region(List.of(projected), true));
                }
            }
        }
        Map<String, Domain> within = new HashMap<>();
        for (String number : numbers) {
            Span span = spans.get(number);
            if (span == null || span.empty) {
                return;
            }
            within.put(number, Domain.number(span.interval(), fields.apply(number).integral()));
        }
        Region gaps = new Region(List.of(within), true).minus(covered, fields);
        if (gaps == null || gaps.empty()) {
            return; // covered, or past what can be analysed
        }
        List<String> described = new ArrayList<>();
        for (Map<String, Domain> gap : gaps.boxes) {
            String text = Region.describe(gap, fields);
            if (!described.contains(text)) {
                described.add(text);
            }
        }
        List<RuleChecks.Located> around = rows.stream().filter(row -> touches(row, type, gaps.boxes.get(0), fields))
                .toList();
        RuleChecks.Located at = around.isEmpty() ? rows.get(0) : around.get(0);
        List<String> names = (around.isEmpty() ? rows : around).stream().map(r -> r.rule().name()).distinct().toList();
        report.report(Check.TABLE_GAP, at.file(), at.line(), names, "no row decides " + decision + " for " + type
                + " where " + String.join("; or where ", described.subList(0, Math.min(SHOWN, described.size())))
                + (described.size() > SHOWN ? "; and " + (described.size() - SHOWN) + " more" : "")
                + " (no row covers that combination of " + String.join(" and ", numbers) + ")"
                + "; add a row for those values, or widen a neighbouring row");
    }

    /** Whether a row's values reach the gap's on every number (the rows to look at to close it). */
    private static boolean touches(RuleChecks.Located row, String type, Map<String, Domain> gap,
            Function<String, Domain.Field> fields) {
        for (RuleShapes.Shape shape : TableGaps.shapes(row, type)) {
            for (Map<String, Domain> box : shape.region().boxes) {
                boolean all = true;
                for (Map.Entry<String, Domain> number : gap.entrySet()) {
                    Domain values = box.get(number.getKey());
                    if (values != null && !near(values, number.getValue(), fields.apply(number.getKey()).integral())) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean near(Domain a, Domain b, boolean integral) {
        BigDecimal step = integral ? BigDecimal.ONE : BigDecimal.ZERO;
        for (Domain.Interval i : a.numbers) {
            for (Domain.Interval j : b.numbers) {
                boolean below = i.high() != null && j.low() != null && i.high().add(step).compareTo(j.low()) < 0;
                boolean above = j.high() != null && i.low() != null && j.high().add(step).compareTo(i.low()) < 0;
                if (!below && !above) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The smallest interval holding every value of a number that rows test. */
    private static final class Span {
        boolean empty = true;
        BigDecimal low;
        boolean lowIn;
        boolean lowOpen;
        BigDecimal high;
        boolean highIn;
        boolean highOpen;

        void widen(Domain values) {
            for (Domain.Interval i : values.numbers) {
                if (empty) {
                    low = i.low();
                    lowIn = i.lowIn();
                    lowOpen = i.low() == null;
                    high = i.high();
                    highIn = i.highIn();
                    highOpen = i.high() == null;
                    empty = false;
                    continue;
                }
                if (i.low() == null) {
                    lowOpen = true;
                } else if (!lowOpen) {
                    int c = i.low().compareTo(low);
                    lowIn = c < 0 ? i.lowIn() : c == 0 ? lowIn || i.lowIn() : lowIn;
                    low = c < 0 ? i.low() : low;
                }
                if (i.high() == null) {
                    highOpen = true;
                } else if (!highOpen) {
                    int c = i.high().compareTo(high);
                    highIn = c > 0 ? i.highIn() : c == 0 ? highIn || i.highIn() : highIn;
                    high = c > 0 ? i.high() : high;
                }
            }
        }

        Domain.Interval interval() {
            return new Domain.Interval(lowOpen ? null : low, !lowOpen && lowIn, highOpen ? null : high,
                    !highOpen && highIn);
        }
    }
}

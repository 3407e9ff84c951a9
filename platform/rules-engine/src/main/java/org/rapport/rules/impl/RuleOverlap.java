package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether two rules can fire on the same facts, for the conflict check ({@link RuleChecks}),
 * decided pattern by pattern: for every fact type both rules have a pattern over, the facts the two
 * patterns let through are intersected. If one intersection is empty the rules are exclusive (a
 * region the analysis could not read fully lets more facts through than the pattern does, so an
 * empty intersection is certain). If every one holds facts, the rules overlap where all of them
 * do, when the analysis read every condition of both rules; otherwise they were not compared,
 * which is said as such and never taken for exclusive.
 */
final class RuleOverlap {

    enum Verdict {
        /** No fact of a type both rules match meets both rules' conditions on it. */
        EXCLUSIVE,
        /** Both rules fire on the facts described by {@link Result#where}. */
        OVERLAP,
        /** The analysis cannot tell: {@link Result#reason} says why. */
        NOT_COMPARED
    }

    /**
     * @param where for each type both rules match, where their patterns' facts meet
     *        ({@code Member where points in [1000, 1999]})
     * @param reason why the rules were not compared, or null
     */
    record Result(Verdict verdict, List<String> where, String reason) {
    }

    private RuleOverlap() {
    }

    static Result of(RuleShapes.Shaped x, RuleShapes.Shaped y, FactTypes types) {
        Set<String> shared = new LinkedHashSet<>();
        x.shapes().forEach(s -> shared.add(s.type()));
        Set<String> theirs = new LinkedHashSet<>();
        y.shapes().forEach(s -> theirs.add(s.type()));
        shared.retainAll(theirs);
        List<String> where = new ArrayList<>();
        String reason = null;
        for (String type : shared) {
            Function<String, Domain.Field> fields = types.fieldsOf(type);
            RuleShapes.Shape mine = x.over(type);
            RuleShapes.Shape other = y.over(type);
            if (mine == null || other == null) {
                reason = first(reason, "'" + (mine == null ? x : y).name() + "' has several patterns over " + type
                        + ", and which facts the two rules share cannot be told apart");
                continue;
            }
            Region both = mine.region().and(other.region(), fields);
            if (both.empty()) {
                return new Result(Verdict.EXCLUSIVE, List.of(), null);
            }
            where.add(type + " where " + Region.describe(both.boxes.get(0), fields));
            if (!both.exact) {
                reason = first(reason, "a condition on " + type + " is beyond what the analysis reads (a method call, "
                        + "a date, arithmetic, a comparison with another fact)");
            }
        }
        if (shared.isEmpty()) {
            return new Result(Verdict.NOT_COMPARED, where, "they have no pattern over the same fact type");
        }
        if (reason == null && (!x.plain() || !y.plain())) {
            reason = "'" + (x.plain() ? y : x).name() + "' has conditions beyond plain patterns (not, exists, eval, "
                    + "from, accumulate, or)";
        }
        if (reason == null && (x.salience() == null || y.salience() == null)) {
            reason = "a salience is computed when the rules run";
        }
        return new Result(reason == null ? Verdict.OVERLAP : Verdict.NOT_COMPARED, where, reason);
    }

    private static String first(String reason, String another) {
        return reason != null ? reason : another;
    }
}
